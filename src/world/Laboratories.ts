import { readNomenclature } from '../snds';
import { DataError } from '../errors';
import type { CareEconomics } from './CareEconomics';
import type { Commune, Geography } from './Geography';
import { professionalNumber } from './identifiers';

/** Category digit of laboratory numbers (PFS_EXE_NUM): 1 physicians, 2 pharmacies, 3 laboratories. */
export const LABORATORY_ID_CATEGORY = 3;
/** IR_SPE_V 38 "Directeur laboratoire médecin": the executant specialty of the lab lines. */
export const LABORATORY_SPECIALTY = 38;
/** IR_NAT_V 3211 "Actes de biologie" (letter key B): PRS_NAT_REF of a lab test line. */
export const BIOLOGY_PRS_NAT = 3211;

/** A medical biology laboratory site. */
export interface Laboratory {
  readonly pfsNum: string;
  readonly commune: Commune;
}

/** A lab test of the NABM (IR_BIO_R). */
export interface LabTest {
  readonly code: number;
  readonly label: string;
  /** Coefficient of the letter key B (BIO_TAR_COF). */
  readonly coefficient: number;
}

/**
 * Medical biology laboratories and the NABM tests they bill. No open list of laboratory sites exists
 * in the data: one site per EPCI of the simulated départements (per département for communes
 * outside any EPCI), in the EPCI's most populated commune — a modelling choice
 * (data/sources/70-pathways.md). Tests and their B coefficients come from the official IR_BIO_R.
 */
export class Laboratories {
  readonly all: readonly Laboratory[];
  private readonly byEpci = new Map<string, Laboratory>();
  private readonly byDept = new Map<string, Laboratory>();
  private readonly tests = new Map<number, LabTest>();
  /** Value of the letter key B (€). */
  readonly letterB: number;
  /** Reimbursement rate of lab tests outside ALD (fraction). */
  readonly rate: number;

  /**
   * @param geography communes of the simulated départements (one laboratory per EPCI)
   * @param economics the letter key B and the reimbursement rate of lab tests
   */
  constructor(geography: Geography, economics: CareEconomics) {
    const all: Laboratory[] = [];
    for (const d of geography.departements.values()) {
      const groups = new Map<string, Commune[]>();
      for (const c of d.communes) {
        const key = c.epci === '' ? `dept:${d.code}` : c.epci;
        const g = groups.get(key);
        if (g) g.push(c);
        else groups.set(key, [c]);
      }
      let order = 0;
      for (const key of [...groups.keys()].sort()) {
        const communes = groups.get(key) as Commune[];
        const main = communes.reduce((a, b) => (b.population > a.population ? b : a));
        const lab: Laboratory = { pfsNum: professionalNumber(d.code, LABORATORY_ID_CATEGORY, ++order), commune: main };
        all.push(lab);
        if (key.startsWith('dept:')) this.byDept.set(d.code, lab);
        else if (!this.byEpci.has(key)) this.byEpci.set(key, lab);
        if (!this.byDept.has(d.code)) this.byDept.set(d.code, lab);
      }
    }
    this.all = all;
    const nom = readNomenclature('IR_BIO_R');
    const col = (n: string): number => {
      const i = nom.columns.indexOf(n);
      if (i < 0) throw new DataError(`IR_BIO_R has no column ${n}`);
      return i;
    };
    const [code, label, letter, coef] = [col('BIO_PRS_IDE'), col('BIO_INF_LIB'), col('BIO_TAR_NAT'), col('BIO_TAR_COF')];
    for (const r of nom.rows) {
      if (r[letter] !== 'B') continue;
      const c = Number(r[code]);
      const k = Number(r[coef]);
      if (Number.isInteger(c) && Number.isFinite(k) && k > 0) this.tests.set(c, { code: c, label: r[label] ?? '', coefficient: k });
    }
    this.letterB = economics.param('biology_letter_b_eur');
    this.rate = economics.param('reimbursement_rate_biology_pct') / 100;
  }

  /** The laboratory of a person living in `home`: that of the EPCI, else of the département. */
  near(home: Commune): Laboratory {
    const lab = (home.epci !== '' ? this.byEpci.get(home.epci) : undefined) ?? this.byDept.get(home.dept);
    if (!lab) throw new DataError(`no laboratory in département ${home.dept}`);
    return lab;
  }

  /** A NABM test billed in B, or undefined when the code is unknown. */
  test(code: number): LabTest | undefined {
    return this.tests.get(code);
  }
}
