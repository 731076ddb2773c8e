import { parseIsoDate, type Day } from '../events';
import { DataError } from '../errors';
import type { DataRegistry } from '../data';
import { num, str } from '../data';

/** A consultation tariff valid over a period and an age band. */
export interface ConsultationTariff {
  readonly specialty: number;
  /** IR_NAT_V prestation code. */
  readonly prsNat: number;
  readonly start: Day;
  readonly end: Day;
  readonly ageMin: number;
  readonly ageMax: number;
  /** Tariff in euros (= base of reimbursement in sector 1). */
  readonly tariff: number;
  /** NGAP letter key (C, G, CS, CSC …). */
  readonly letters: string;
}

/**
 * Money and administration rules from published figures (data/care_parameters.csv,
 * data/consultation_tariffs.csv): tariffs, reimbursement rates, participation forfaitaire and the
 * processing delay of claims.
 */
export class CareEconomics {
  private readonly params = new Map<string, number>();
  private readonly tariffs: ConsultationTariff[];
  /** Standard reimbursement rate of consultations (fraction). */
  readonly consultationRate: number;
  /** Reimbursement rate of care related to an ALD (fraction). */
  readonly aldRate: number;
  /** Participation forfaitaire per consultation (euros) and the age from which it applies. */
  readonly participationForfaitaire: number;
  readonly participationMinAge = 18;
  /**
   * Mean processing delay in days: exponential delays such that the published share of care
   * processed within 6 months holds (99 %), i.e. mean = 182.5 / −ln(1 − share).
   */
  readonly meanProcessingDelay: number;
  /** Longest processing delay allowed (the published maximum, in days). */
  readonly maxProcessingDelay: number;

  constructor(data: DataRegistry) {
    const p = data.get('care_parameters.csv');
    for (const r of p.rows) this.params.set(str(p, r, 'name'), num(p, r, 'value'));
    this.consultationRate = this.param('reimbursement_rate_consultation_pct') / 100;
    this.aldRate = this.param('reimbursement_rate_ald_pct') / 100;
    this.participationForfaitaire = this.param('participation_forfaitaire_eur');
    const within6 = this.param('flux_share_within_6_months_pct') / 100;
    this.meanProcessingDelay = 182.5 / -Math.log(1 - within6);
    this.maxProcessingDelay = Math.round((this.param('flux_max_delay_months') * 365.25) / 12);

    const t = data.get('consultation_tariffs.csv');
    this.tariffs = t.rows.map((r) => {
      const start = parseIsoDate(str(t, r, 'start'));
      const end = parseIsoDate(str(t, r, 'end'));
      if (start === undefined || end === undefined) throw new DataError(`data/consultation_tariffs.csv: bad dates in ${JSON.stringify(r)}`);
      return {
        specialty: num(t, r, 'specialty'),
        prsNat: num(t, r, 'prs_nat'),
        start,
        end,
        ageMin: num(t, r, 'age_min'),
        ageMax: num(t, r, 'age_max'),
        tariff: num(t, r, 'tariff'),
        letters: str(t, r, 'letters'),
      };
    });
  }

  /** A named published parameter. */
  param(name: string): number {
    const v = this.params.get(name);
    if (v === undefined) throw new DataError(`data/care_parameters.csv has no parameter ${name}`);
    return v;
  }

  /** The consultation tariff of a specialty on a day for a patient of the given age, or undefined when none. */
  findConsultationTariff(specialty: number, day: Day, age: number): ConsultationTariff | undefined {
    for (const t of this.tariffs) {
      if (t.specialty === specialty && day >= t.start && day <= t.end && age >= t.ageMin && age <= t.ageMax) return t;
    }
    return undefined;
  }

  /** A consultation tariff of a letter key (e.g. 'CS', whichever specialty it is listed for) on a day and age, or undefined. */
  findTariffByLetters(letters: string, day: Day, age: number): ConsultationTariff | undefined {
    for (const t of this.tariffs) {
      if (t.letters === letters && day >= t.start && day <= t.end && age >= t.ageMin && age <= t.ageMax) return t;
    }
    return undefined;
  }

  /** The consultation tariff of a specialty on a day for a patient of the given age. */
  consultationTariff(specialty: number, day: Day, age: number): ConsultationTariff {
    const found = this.findConsultationTariff(specialty, day, age);
    if (found) return found;
    throw new DataError(`no consultation tariff for specialty ${specialty} on day ${day} at age ${age} in data/consultation_tariffs.csv`);
  }
}
