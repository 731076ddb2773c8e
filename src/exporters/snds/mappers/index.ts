import { actMapper } from './act';
import { aldMapper } from './ald';
import { consultationMapper } from './consultation';
import { deathMapper } from './death';
import { dispensingMapper } from './dispensing';
import { nomenclatureMapper } from './nomenclatures';
import type { RecordMapper } from './RecordMapper';
import { stayMapper } from './stay';
import { ssrMapper } from './ssr';
import { labMapper } from './lab';
import { truthMapper } from './truth';
import { aceMapper } from './ace';
import { retrocessionMapper } from './retrocession';
import { liberalMapper } from './liberal';
import { transportMapper } from './transport';
import { deviceMapper } from './device';

/** Every record mapper, run in this order on each record. */
export const MAPPERS: readonly RecordMapper[] = [consultationMapper, dispensingMapper, retrocessionMapper, actMapper, labMapper, aldMapper, stayMapper, ssrMapper, deathMapper, nomenclatureMapper, truthMapper, aceMapper, liberalMapper, transportMapper, deviceMapper];

export type { RecordMapper, MapperContext } from './RecordMapper';
export { EXO_ALD_RELATED, EXO_ALD_UNRELATED, exonerationCode } from './consultation';
