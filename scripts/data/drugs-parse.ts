/**
 * Pure text parsers for the drug referential builder (`drugs.ts`): BDPM reimbursement rates,
 * French decimal-comma prices, number of units in a box, and substance-name normalisation used to
 * match BDPM active substances (CIS_COMPO) with the Open Medic ATC5 labels.
 */

/** Parses a BDPM `taux de remboursement` (`65%`, `65 %`, ` 100 % `) into an integer percent, or null. */
export function parseRate(text: string): number | null {
  const m = /^\s*(\d{1,3})\s*%\s*$/.exec(text);
  if (!m || m[1] === undefined) return null;
  const v = Number(m[1]);
  return v > 0 && v <= 100 ? v : null;
}

/**
 * Parses a BDPM price in euros. The field uses a decimal comma and, above 999.99 €, also commas
 * as thousands separators (`14,838,32` = 14 838.32 €): the last comma is the decimal one.
 */
export function parseEuro(text: string): number | null {
  const t = text.trim().replace(/\s/g, '');
  if (t === '') return null;
  if (!/^\d+(,\d{3})*(,\d+)?$/.test(t)) return null;
  const last = t.lastIndexOf(',');
  const s = last < 0 ? t : t.slice(0, last).replace(/,/g, '') + '.' + t.slice(last + 1);
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}

/** Countable dispensing units: a box "de N <unit>(s)" holds N such units. */
const COUNTABLE =
  /^(comprim|g[ée]lule|capsule|sachet|ampoule|dose|suppositoire|ovule|pastille|lyophilisat|unidose|r[ée]cipient|seringue|stylo|dispositif|timbre|patch|film|gomme|pansement|cartouche|flacon|tube|poche|implant|pilule|granul[ée]|insert|tampon|compresse|applicateur|bande|emp[lâ]tre|inhalateur|tablette|pi[èe]ce|unit[ée])/i;

/** Volume / mass units: a container "de N ml" counts as one unit. */
const MEASURE = /^(ml|l|g|mg|kg|µg|microgrammes?|litres?|millilitres?|grammes?|cm|m)\b/i;

/**
 * Number of units in a box, parsed from the BDPM presentation label (CIS_CIP field 3):
 * - "[K] container(s) … de N <countable>(s)" → K × N (K = 1 when absent),
 *   e.g. "plaquette(s) PVC de 30 comprimé(s)" → 30, "3 plaquette(s) … de 28 comprimé(s)" → 84;
 * - "K container(s) … de N ml|g …" or "K container(s)" → K (number of containers);
 * - otherwise null (not parsable).
 */
export function parseUnits(label: string): number | null {
  // Drop breakdowns such as "(2 x 14)", "(20 + 10)": the total precedes them.
  const text = label.replace(/\u00a0/g, ' ').replace(/\(\s*\d+(\s*[x+]\s*\d+)+\s*\)/g, ' ').replace(/\s+/g, ' ').trim();
  const lead = /^(\d+)\s+(\S+)/.exec(text);
  const k = lead && lead[1] !== undefined && !MEASURE.test(lead[2] ?? '') ? Number(lead[1]) : null;
  const re = /\bde\s+(\d+(?:[,.]\d+)?)\s*(?:x\s*(\d+)\s*)?([^\s(]*)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const n = m[1];
    const unit = m[3] ?? '';
    if (n === undefined) continue;
    const inner = m[2] !== undefined ? Number(m[2]) : 1;
    // "… de 28" at the very end of the label: 28 units of the pharmaceutical form.
    if (unit === '' && m.index + m[0].length >= text.length && !/[,.]/.test(n)) return (k ?? 1) * Number(n) * inner;
    if (COUNTABLE.test(unit)) {
      if (/[,.]/.test(n)) return null;
      const v = (k ?? 1) * Number(n) * inner;
      return v > 0 ? v : null;
    }
    if (MEASURE.test(unit)) return k !== null && k > 0 ? k : 1;
    break;
  }
  return k !== null && k > 0 ? k : null;
}

/** Upper case, accents removed, apostrophes and runs of blanks normalised. */
export function normName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[’`¿]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** Salt / hydration qualifiers dropped at the end of a BDPM substance name ("PHLOROGLUCINOL HYDRATÉ"). */
const TRAILING =
  /\s+(ANHYDRE|HYDRATE|HYDRATEE|MONOHYDRATE|MONOHYDRATEE|DIHYDRATE|DIHYDRATEE|TRIHYDRATE|TRIHYDRATEE|HEMIHYDRATE|HEMIHYDRATEE|SESQUIHYDRATE|TETRAHYDRATE|PENTAHYDRATE|HEXAHYDRATE|HEPTAHYDRATE|BASE|SODIQUE|DISODIQUE|POTASSIQUE|CALCIQUE|MAGNESIQUE|AMORPHE|MICRONISE|MICRONISEE|CRISTALLISE|CRISTALLISEE|LIBRE)$/;

/** First word of a salt name in "<SALT> DE <BASE>" ("CHLORHYDRATE DE TRAMADOL", "SULFATE DE MORPHINE"). */
const SALT_WORD = /^([A-Z]+(ATE|ITE|URE|IDE)|CHLORHYDRATE|BROMHYDRATE|IODHYDRATE)$/;

/**
 * Spelling variants between BDPM (ANSM) substance names and the Open Medic (CNAM) ATC5 labels that
 * the generic rules do not cover. Text only, no numbers.
 */
const ALIASES: Readonly<Record<string, string>> = {
  CHOLECALCIFEROL: 'COLECALCIFEROL',
};

/**
 * Candidate spellings of a BDPM substance name, most literal first, as they may appear in the
 * Open Medic ATC5 labels (which write "ALENDRONIQUE ACIDE", "POTASSIUM CHLORURE", "TRAMADOL").
 */
export function substanceVariants(raw: string): string[] {
  const out: string[] = [];
  const add = (s: string): void => {
    const t = s.replace(/\s+/g, ' ').trim();
    if (t !== '' && !out.includes(t)) out.push(t);
  };
  const n = normName(raw);
  add(n);
  let core = n.replace(/\s*\([^)]*\)/g, '').split(',')[0] ?? '';
  core = core.replace(/^(CONCENTRAT|SOLUTION|EXTRAIT) DE /, '').trim();
  add(core);
  let prev = '';
  while (prev !== core) {
    prev = core;
    core = core.replace(TRAILING, '');
  }
  add(core);
  const words = core.split(' ');
  const first = words[0] ?? '';
  const salt = /^(\S+) D(?:E |')(.+)$/.exec(core);
  if (salt && salt[1] !== undefined && salt[2] !== undefined && SALT_WORD.test(salt[1])) {
    add(salt[2]);
    add(`${salt[2]} ${salt[1]}`);
  }
  if (first === 'ACIDE' && words.length > 1) add(`${words.slice(1).join(' ')} ACIDE`);
  for (const v of [...out]) {
    const a = ALIASES[v];
    if (a) add(a);
  }
  // Grade numbers closing the name ("MACROGOL 4000", "CARBOMERE 980"): the Open Medic label omits them.
  for (const v of [...out]) if (/^\D.* \d+$/.test(v)) add(v.replace(/ \d+$/, ''));
  return out;
}
