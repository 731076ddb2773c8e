import { isoDate, ymdFromDay } from '../../events';
import type { PersonOutcome } from '../../agents';
import type { World } from '../../world';
import { NO_DATE, tableDef } from '../../snds';
import type { OutputTable } from '../sinks/Sink';
import { DcirPrestations, yyyymm } from './dcir';
import { practitionerRows } from './practitioners';
import { MAPPERS, type MapperContext, type RecordMapper } from './mappers';
import { PersonRows, type TableRows } from './PersonRows';
import { RowTemplate } from './RowTemplate';
import { isArchived } from './identity';
import { ARTEFACT_TRUTH_TABLE, markRows, writeArtefacts } from './artefacts';

export { NO_DATE };

/**
 * Maps a person's history to SNDS rows: the record mappers (DCIR, IR_IMB_R, PMSI, CépiDc…) then the
 * person's IR_BEN_R row. Pure given the world and the person: keys, processing delays and amounts
 * depend only on the person's own id and history.
 */
export class SndsMapper {
  readonly tables: readonly OutputTable[];
  private readonly ctx: MapperContext;
  private readonly ben: RowTemplate;
  private readonly arc: RowTemplate;
  private readonly pra: RowTemplate;
  /** Texture realistic: the administrative artefacts are written (see artefacts.ts). */
  private readonly realistic: boolean;

  constructor(
    private readonly world: World,
    private readonly mappers: readonly RecordMapper[] = MAPPERS,
  ) {
    this.ctx = { world, prestations: new DcirPrestations(world) };
    this.ben = new RowTemplate(tableDef('IR_BEN_R'), { BEN_RNG_GEM: 1, BEN_CDI_NIR: '00', BEN_IDT_TOP: 1 });
    this.arc = new RowTemplate(tableDef('IR_BEN_R_ARC'), { BEN_CDI_NIR: '00' });
    this.pra = new RowTemplate(tableDef('DA_PRA_R'));
    const tables: OutputTable[] = [
      { name: 'IR_BEN_R', def: this.ben.def, indexes: [{ columns: ['BEN_NIR_PSA', 'BEN_RNG_GEM'], unique: true }] },
      this.ctx.prestations.table,
      { name: 'DA_PRA_R', def: this.pra.def, indexes: [{ columns: ['PFS_PFS_NUM'], unique: true }] },
      { name: 'IR_BEN_R_ARC', def: this.arc.def, indexes: [{ columns: ['BEN_NIR_PSA', 'BEN_RNG_GEM'], unique: true }, { columns: ['BEN_IDT_ANO'], unique: false }] },
    ];
    for (const m of mappers) for (const t of m.tables(this.ctx)) if (!tables.some((x) => x.name === t.name)) tables.push(t);
    this.realistic = (world.config.texture ?? 'realistic') === 'realistic';
    if (this.realistic) tables.push(ARTEFACT_TRUTH_TABLE);
    this.tables = tables;
  }

  /** Reference rows written once: practitioners, then each mapper's reference tables. */
  referenceRows(): TableRows {
    const w = this.world;
    const out: TableRows = new Map();
    const pra = practitionerRows(
      w,
      w.providers.physicians.map((p) => ({ pfsNum: p.pfsNum, specialty: String(p.specialty).padStart(2, '0'), commune: p.commune })),
    );
    out.set('DA_PRA_R', pra);
    for (const m of this.mappers) {
      const rows = m.reference?.(this.ctx);
      if (!rows) continue;
      for (const [t, list] of rows) {
        const existing = out.get(t);
        if (existing) existing.push(...list);
        else out.set(t, [...list]);
      }
    }
    return out;
  }

  /** Rows of one person's history, appended to `out`. */
  map(outcome: PersonOutcome, out: TableRows = new Map()): TableRows {
    const w = this.world;
    const { person, records } = outcome;
    const rows = new PersonRows(w, person, out);
    const marks = markRows(out);
    for (const rec of records) for (const m of this.mappers) m.map(rec, rows, this.ctx);
    if (this.realistic) writeArtefacts(records, rows, marks, this.ctx);
    const death = person.death;
    const birth = ymdFromDay(person.birth);
    const id = rows.identity;
    const start = w.config.start;
    const last = rows.maxTrt === undefined ? undefined : isoDate(rows.maxTrt);
    for (const c of id.couples) {
      const archived = isArchived(c, start);
      if (archived && rows.used.has(c)) throw new Error(`couple ${c.psa}/${c.rng} of person ${person.id} is archived but has rows`);
      // A couple in force at the end carries the person's consumption flags, as before; a couple left
      // (a childhood couple) was last used at the latest the day before the person's own right.
      const current = c.to === undefined;
      const values = {
        BEN_NIR_PSA: c.psa,
        BEN_RNG_GEM: c.rng,
        BEN_NIR_ANO: id.nirAno ?? null,
        BEN_IDT_ANO: id.idtAno,
        BEN_IDT_TOP: id.nirAno === undefined ? 0 : 1,
        ASS_NIR_ANO: c.opener,
        BEN_NAI_ANN: String(birth.year),
        BEN_NAI_MOI: String(birth.month).padStart(2, '0'),
        BEN_SEX_COD: person.sex,
        BEN_DCD_DTE: death === undefined ? NO_DATE : isoDate(death),
        BEN_DCD_AME: death === undefined ? '160001' : yyyymm(death),
        ORG_AFF_BEN: rows.fund.org,
        ORG_CLE_NEW: rows.fund.org,
        BEN_RES_DPT: person.home.sndsDpt,
        BEN_RES_COM: person.home.sndsCom,
        BEN_TOP_CNS: current ? (last === undefined ? 0 : 1) : 1,
        MAX_TRT_DTD: current ? (last ?? NO_DATE) : isoDate(c.to),
        BEN_DTE_INS: isoDate(Math.max(c.from, person.entry)),
        BEN_DTE_MAJ: isoDate(death ?? w.config.end),
      };
      rows.push(archived ? 'IR_BEN_R_ARC' : 'IR_BEN_R', (archived ? this.arc : this.ben).from(values));
    }
    return out;
  }
}
