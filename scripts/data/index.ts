/** Registry of the data-build steps, run in this order by `npm run data:build`. */
import type { DataBuilder } from './lib';
import { populationBuilder } from './population';
import { mortalityBuilder } from './mortality';
import { fertilityBuilder } from './fertility';
import { geographyBuilder } from './geography';
import { physiciansBuilder } from './physicians';
import { aldBuilder } from './ald';
import { deathCausesBuilder } from './death-causes';
import { ccamBuilder } from './ccam';
import { drugsBuilder } from './drugs';
import { dispensingParametersBuilder } from './dispensing-parameters';
import { hospitalBuilder } from './hospital';
import { ghmBuilder } from './hospital-ghm';
import { ghsBuilder } from './hospital-ghs';
import { organismsBuilder } from './organisms';
import { careParametersBuilder } from './care-parameters';
import { specialistsBuilder } from './specialists';
import { textureBuilder } from './texture';
import { heterogeneityBuilder } from './heterogeneity';
import { modellingTablesBuilder } from './modelling-tables';
import { aceBuilder } from './ace';
import { ssrBuilder } from './ssr';
import { retrocessionBuilder } from './retrocession';
import { artefactsBuilder } from './artefacts';
import { drugConditionsBuilder } from './drug-conditions';
import { liberalCareBuilder } from './liberal-care';
import { maternityBuilder } from './maternity';
import { transportBuilder } from './transport';
import { devicesBuilder } from './devices';

export const BUILDERS: DataBuilder[] = [
  populationBuilder,
  mortalityBuilder,
  fertilityBuilder,
  geographyBuilder,
  physiciansBuilder,
  aldBuilder,
  deathCausesBuilder,
  ccamBuilder,
  drugsBuilder,
  dispensingParametersBuilder,
  hospitalBuilder,
  ghmBuilder,
  ghsBuilder,
  organismsBuilder,
  careParametersBuilder,
  specialistsBuilder,
  textureBuilder,
  heterogeneityBuilder,
  modellingTablesBuilder,
  aceBuilder,
  ssrBuilder,
  retrocessionBuilder,
  artefactsBuilder,
  drugConditionsBuilder,
  liberalCareBuilder,
  maternityBuilder,
  transportBuilder,
  devicesBuilder,
];
