import type { PersonProcess } from '../process';
import { aldProcess } from './ald';
import { deathCertificateProcess } from './deathCertificate';
import { demographyProcess } from './demography';
import { dispensingProcess } from './dispensing';
import { gpProcess } from './gp';
import { hospitalProcess } from './hospital';
import { ssrProcess } from './ssr';
import { specialistProcess } from './specialists';
import { pathwayProcess } from './pathways';
import { interventionProcess } from './interventions';
import { aceProcess } from './ace';
import { liberalProcess } from './liberal';
import { transportProcess } from './transport';
import { devicesProcess } from './devices';
import { maternityProcess } from './maternity';

/**
 * The processes of a person's life, started in this order: demography first (it fixes the day of
 * death, which the others read), the maternity stays (a newborn's birth stay is decided before the
 * other stays), then ALDs (prevalent ones are set at their start) and the death
 * certificate, then care (SSR right after the MCO stays it follows), then the pathway modules and the interventions of the scenario,
 * hospital outpatient care, the liberal care of nurses, physiotherapists, dentists and laboratories, patient transport and medical devices at home.
 */
export const PROCESSES: readonly PersonProcess[] = [
  demographyProcess,
  maternityProcess,
  aldProcess,
  deathCertificateProcess,
  hospitalProcess,
  ssrProcess,
  gpProcess,
  specialistProcess,
  dispensingProcess,
  pathwayProcess,
  interventionProcess,
  aceProcess,
  liberalProcess,
  transportProcess,
  devicesProcess,
];

export { aldProcess, deathCertificateProcess, demographyProcess, dispensingProcess, gpProcess, hospitalProcess, ssrProcess, specialistProcess, pathwayProcess, interventionProcess, aceProcess, liberalProcess, maternityProcess, transportProcess, devicesProcess };
export { MIN_MONTHS_BETWEEN_BIRTHS } from './demography';
