/**
 * Hospital (PMSI MCO) tables: stay rates by region × type × sex × age, main-diagnosis weights, CCAM
 * acts in stays, and the MCO establishments referential. Provenance: data/sources/40-hospital.md.
 */
import type { DataBuilder } from './lib';
import { buildStayRates } from './hospital-stays';
import { buildDiagnoses } from './hospital-diagnoses';
import { buildActs, buildEstablishments } from './hospital-acts';

export const hospitalBuilder: DataBuilder = {
  name: 'hospital',
  outputs: ['mco_stay_rates.csv', 'mco_region_of_dept.csv', 'mco_diagnoses.csv.gz', 'mco_acts.csv.gz', 'establishments.csv'],
  build(ctx) {
    buildStayRates(ctx);
    buildDiagnoses(ctx);
    buildActs(ctx);
    buildEstablishments(ctx);
  },
};
