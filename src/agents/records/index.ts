/**
 * Care records: typed domain events produced by the agents. The exporters map them to SNDS rows;
 * agents never build table rows themselves.
 */
import type { ActRecord } from './act';
import type { AldRecord } from './ald';
import type { ConsultationRecord } from './consultation';
import type { DeathRecord } from './death';
import type { DispensingRecord } from './dispensing';
import type { StayRecord } from './stay';
import type { LabRecord } from './lab';
import type { TruthRecord } from './truth';
import type { AceRecord } from './ace';
import type { SsrRecord } from './ssr';
import type { LiberalRecord } from './liberal';
import type { TransportRecord } from './transport';
import type { DeviceRecord } from './device';

export type { AceRecord, ActRecord, AldRecord, ConsultationRecord, DeathRecord, DispensingRecord, StayRecord, LabRecord, TruthRecord, SsrRecord, LiberalRecord, TransportRecord, DeviceRecord };
export type { StayAct } from './stay';

/** Every record kind. */
export type CareRecord = ConsultationRecord | DispensingRecord | ActRecord | AldRecord | StayRecord | DeathRecord | LabRecord | TruthRecord | AceRecord | SsrRecord | LiberalRecord | TransportRecord | DeviceRecord;

/** Kind tag of a record. */
export type RecordKind = CareRecord['kind'];
