import { isoDate } from '../../../events';
import { integerColumn, manifestRows, simTable, textColumn } from '../../manifest';
import type { OutputTable, Row } from '../../sinks/Sink';
import type { TableRows } from '../PersonRows';
import type { RecordMapper } from './RecordMapper';

const NIR = textColumn('BEN_NIR_PSA', 'Pseudonymised person id (joins IR_BEN_R, ER_PRS_F, T_MCOyyC.NIR_ANO_17)');

/** Ground-truth tables: what really happened in the simulation, kept apart from the SNDS tables. */
export const TRUTH_TABLES: readonly OutputTable[] = [
  {
    name: 'SIM_TRUTH_ONSET',
    def: simTable('SIM_TRUTH_ONSET', 'Ground truth: disease onsets (ALD and pathway modules)', [
      NIR,
      textColumn('MODULE', "Pathway module following the disease ('' when none)"),
      integerColumn('ALD_NUM', 'ALD number (0: disease without exoneration)'),
      textColumn('CIM_COD', 'ICD-10 code of the disease'),
      textColumn('ONSET_DTE', 'Day of onset (before the run for prevalent cases)'),
      integerColumn('PREVALENT', '1 when the disease started before the person entered the run'),
    ], []),
    indexes: [{ columns: ['BEN_NIR_PSA'], unique: false }],
  },
  {
    name: 'SIM_TRUTH_STATE',
    def: simTable('SIM_TRUTH_STATE', 'Ground truth: states of the pathway modules', [
      NIR,
      textColumn('MODULE', 'Pathway module'),
      textColumn('STATE', 'State'),
      textColumn('STATE_DTD', 'First day in the state (may be before the run)'),
      textColumn('STATE_DTF', 'Last day in the state (the day of death at most); NULL when still in it at the end of the run'),
    ], []),
    indexes: [{ columns: ['BEN_NIR_PSA'], unique: false }],
  },
  {
    name: 'SIM_TRUTH_EXPOSURE',
    def: simTable('SIM_TRUTH_EXPOSURE', "Ground truth: exposure periods of the scenario's interventions", [
      NIR,
      textColumn('INTERVENTION', 'Intervention'),
      textColumn('EXP_DTD', 'First exposed day'),
      textColumn('EXP_DTF', 'Last exposed day'),
    ], []),
    indexes: [{ columns: ['BEN_NIR_PSA'], unique: false }],
  },
  {
    name: 'SIM_TRUTH_EVENT',
    def: simTable('SIM_TRUTH_EVENT', "Ground truth: hospital stays caused by an intervention's effect", [
      NIR,
      textColumn('INTERVENTION', 'Intervention whose effect caused the stay'),
      textColumn('ETA_NUM', 'Establishment (FINESS) of the stay'),
      textColumn('ENT_DAT', 'Admission day'),
      textColumn('SOR_DAT', 'Discharge day'),
      textColumn('DGN_PAL', 'Main diagnosis'),
    ], []),
    indexes: [{ columns: ['BEN_NIR_PSA'], unique: false }],
  },
  {
    name: 'SIM_TRUTH_PARAMETERS',
    def: simTable('SIM_TRUTH_PARAMETERS', "Ground truth: the scenario's parameters (modules, interventions, counterfactual)", [
      textColumn('KEY', 'Item'),
      textColumn('VALUE', 'Value (JSON for structured items)'),
    ], ['KEY']),
    indexes: [{ columns: ['KEY'], unique: true }],
  },
];

/** Truth records → SIM_TRUTH_* rows; the scenario's parameters as reference rows. */
export const truthMapper: RecordMapper = {
  name: 'truth',
  tables: () => TRUTH_TABLES,
  reference(ctx): TableRows {
    const c = ctx.world.config;
    const rows: Row[] = manifestRows({
      scenario: c.name,
      seed: c.seed,
      counterfactual: c.counterfactual ?? false,
      texture: c.texture ?? 'realistic',
      modules: c.modules ?? [],
      interventions: c.interventions ?? [],
      // The parameters CarePropensity solved from the published figures (data/care_heterogeneity_parameters.csv).
      care_propensity: {
        gamma_shape: round6(ctx.world.propensity.shape),
        hospital_gamma_shape: Number.isFinite(ctx.world.propensity.hospitalShape) ? round6(ctx.world.propensity.hospitalShape) : null,
        ald_patients_factor: round6(ctx.world.propensity.aldRatio),
        other_gp_share: round6(ctx.world.propensity.otherGpShare),
        other_gp_away_share: ctx.world.propensity.otherGpAwayShare,
        acute_dispensings_elsewhere_share: ctx.world.propensity.acuteElsewhereShare,
      },
    });
    return new Map([['SIM_TRUTH_PARAMETERS', rows]]);
  },
  map(record, rows) {
    if (record.kind !== 'truth') return;
    const nir = rows.nir;
    switch (record.table) {
      case 'onset':
        rows.push('SIM_TRUTH_ONSET', [nir, record.module, record.ald, record.cim, isoDate(record.day), record.prevalent ? 1 : 0]);
        return;
      case 'state': {
        const death = rows.person.death;
        let last = record.to === undefined ? undefined : record.to - 1;
        if (death !== undefined && (last === undefined || death < last)) last = death;
        rows.push('SIM_TRUTH_STATE', [nir, record.module, record.state, isoDate(record.from), last === undefined ? null : isoDate(last)]);
        return;
      }
      case 'exposure':
        rows.push('SIM_TRUTH_EXPOSURE', [nir, record.intervention, isoDate(record.from), isoDate(record.to)]);
        return;
      case 'event':
        rows.push('SIM_TRUTH_EVENT', [nir, record.intervention, record.eta, isoDate(record.admission), isoDate(record.discharge), record.dp]);
        return;
    }
  },
};

/** Rounded to 6 decimals: the solved parameters are shown, not re-used. */
function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
