import { readDataTable, str } from '../data';

/**
 * English names of the 30 ALD of the list (art. D.322-1 of the Code de la sécurité sociale); the French
 * labels come from data/ald_labels.csv.
 */
const ALD_EN: Readonly<Record<string, string>> = {
  1: 'Disabling stroke',
  2: 'Bone marrow failure and other chronic cytopenias',
  3: 'Chronic arterial disease with ischaemia',
  4: 'Complicated bilharziasis',
  5: 'Severe heart failure, arrhythmia, valvular or congenital heart disease',
  6: 'Chronic active liver disease and cirrhosis',
  7: 'Severe primary immunodeficiency; HIV infection',
  8: 'Diabetes (type 1 and type 2)',
  9: 'Severe neurological and muscular disorders, severe epilepsy',
  10: 'Severe haemoglobinopathies and haemolysis',
  11: 'Haemophilia and severe coagulation disorders',
  12: 'Severe hypertension',
  13: 'Coronary heart disease',
  14: 'Severe chronic respiratory failure',
  15: "Alzheimer's disease and other dementias",
  16: "Parkinson's disease",
  17: 'Inherited metabolic diseases',
  18: 'Cystic fibrosis',
  19: 'Severe chronic kidney disease, nephrotic syndrome',
  20: 'Paraplegia',
  21: 'Vasculitis, systemic lupus, systemic sclerosis',
  22: 'Rheumatoid arthritis',
  23: 'Long-term psychiatric disorders',
  24: "Crohn's disease and ulcerative colitis",
  25: 'Multiple sclerosis',
  26: 'Progressive structural idiopathic scoliosis',
  27: 'Severe ankylosing spondylitis',
  28: 'Organ transplant follow-up',
  29: 'Active tuberculosis, leprosy',
  30: 'Malignant neoplasms (solid, lymphatic, haematopoietic)',
};

/** WHO ATC anatomical main groups, in English; the French labels come from data/drug_boxes_atc1.csv. */
const ATC1_EN: Readonly<Record<string, string>> = {
  A: 'Alimentary tract and metabolism',
  B: 'Blood and blood forming organs',
  C: 'Cardiovascular system',
  D: 'Dermatologicals',
  G: 'Genito-urinary system and sex hormones',
  H: 'Systemic hormonal preparations',
  J: 'Anti-infectives for systemic use',
  L: 'Antineoplastic and immunomodulating agents',
  M: 'Musculo-skeletal system',
  N: 'Nervous system',
  P: 'Antiparasitic products',
  R: 'Respiratory system',
  S: 'Sensory organs',
  V: 'Various',
};

/** CCAM regroupements, in English; the French labels come from data/ccam_regroupement.csv. */
const REGROUPEMENT_EN: Readonly<Record<string, string>> = {
  ACO: 'Obstetric acts',
  ADA: 'Anaesthesia',
  ADC: 'Surgery',
  ADE: 'Ultrasound',
  ADI: 'Imaging (except ultrasound)',
  ATM: 'Technical medical acts (except imaging)',
};

function clean(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function frenchLabels(table: string, key: string): Map<string, string> {
  const t = readDataTable(table);
  return new Map(t.rows.map((r) => [str(t, r, key), clean(str(t, r, 'label'))]));
}

/** "ALD 8 — Diabetes … / Diabète …". */
export function aldLabels(): (ald: string) => string {
  const fr = frenchLabels('ald_labels.csv', 'ald');
  return (ald) => `ALD ${ald} — ${ALD_EN[ald] ?? '?'} / ${fr.get(ald) ?? '?'}`;
}

/** "N — Nervous system / SYSTEME NERVEUX". */
export function atc1Labels(): (atc: string) => string {
  const fr = frenchLabels('drug_boxes_atc1.csv', 'atc1');
  return (atc) => `${atc} — ${ATC1_EN[atc] ?? '?'} / ${fr.get(atc) ?? '?'}`;
}

/** "ADI — Imaging (except ultrasound) / Acte d'imagerie (hors échographie)". */
export function regroupementLabels(): (code: string) => string {
  const fr = frenchLabels('ccam_regroupement.csv', 'regroupement');
  return (code) => `${code} — ${REGROUPEMENT_EN[code] ?? '?'} / ${fr.get(code) || '?'}`;
}
