import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { repoRoot } from '../../src/util/paths';
import { SHARED, writePharmacoepiSmall } from '../helpers/sharedDatabases';
import { sharedDatabase, simulateCompiled, tempDir } from '../helpers/simulate';

/**
 * The pharmacoepidemiology example on a small population, with a stronger effect so that a few
 * thousand persons get some caused stays; factual or counterfactual. The factual run is the shared
 * one (tests/helpers/sharedDatabases.js), simulated with the same scenario and options.
 */
const scenario = writePharmacoepiSmall(tempDir());

/** Simulated by the compiled code in a child process (simulateCompiled): twice as fast as in jest. */
function run(counterfactual: boolean): string {
  const out = join(tempDir(), counterfactual ? 'cf.db' : 'f.db');
  simulateCompiled({ ...SHARED.pharmacoepi.options, scenario, out, counterfactual }, { workers: 1 }, true);
  return out;
}

/** SQL giving the person of a row of each kind of table (undefined for tables without persons). */
function personOf(table: string, cols: readonly string[], db: string): string | undefined {
  for (const c of ['BEN_NIR_PSA', 'NIR_ANO_17', 'BEN_NIR_ANO']) if (cols.includes(c)) return `t.${c}`;
  if (cols.includes('DCT_ORD_NUM')) {
    const keys = ['FLX_DIS_DTD', 'FLX_TRT_DTD', 'FLX_EMT_TYP', 'FLX_EMT_NUM', 'FLX_EMT_ORD', 'ORG_CLE_NUM', 'DCT_ORD_NUM', 'PRS_ORD_NUM', 'REM_TYP_AFF'];
    return `(SELECT p.BEN_NIR_PSA FROM ${db}.ER_PRS_F p WHERE ${keys.map((k) => `p.${k} IS t.${k}`).join(' AND ')})`;
  }
  const m = /^T_MCO(\d\d)/.exec(table);
  if (m && cols.includes('RSA_NUM')) return `(SELECT c.NIR_ANO_17 FROM ${db}.T_MCO${m[1]}C c WHERE c.ETA_NUM = t.ETA_NUM AND c.RSA_NUM = t.RSA_NUM)`;
  // Hospital outpatient passages (ACE) and SSR stays: the patient of the passage or stay.
  if (m && cols.includes('SEQ_NUM')) return `(SELECT c.NIR_ANO_17 FROM ${db}.T_MCO${m[1]}CSTC c WHERE c.ETA_NUM = t.ETA_NUM AND c.SEQ_NUM = t.SEQ_NUM)`;
  const r = /^T_SSR(\d\d)/.exec(table);
  if (r && cols.includes('RHA_NUM')) return `(SELECT c.NIR_ANO_17 FROM ${db}.T_SSR${r[1]}C c WHERE c.ETA_NUM = t.ETA_NUM AND c.RHA_NUM = t.RHA_NUM)`;
  return undefined;
}

/**
 * The rows of table `t` of database `a` that `b` does not hold (every column equal, NULL equal to NULL), as a FROM
 * clause aliased `t`. With an index on `t` in `b`, each row is looked up through it (NOT EXISTS): ER_PRS_F of 4 500
 * person-years took 2.3 s each way this way, against 5–6 s for EXCEPT, which sorts both tables whole. The rows are
 * those of EXCEPT, though a row repeated in `a` is returned as often as it is there.
 */
function rowsNotIn(db: Database.Database, t: string, cols: readonly string[], a: string, b: string): string {
  const index = db.prepare(`SELECT name FROM pragma_index_list('${t}', '${b}') LIMIT 1`).pluck().get() as string | undefined;
  if (index === undefined) return `(SELECT * FROM ${a}."${t}" EXCEPT SELECT * FROM ${b}."${t}") t`;
  return `${a}."${t}" t WHERE NOT EXISTS (SELECT 1 FROM ${b}."${t}" u WHERE ${cols.map((c) => `u."${c}" IS t."${c}"`).join(' AND ')})`;
}

describe('interventions, ground truth and counterfactual runs', () => {
  let factual: string;
  let counterfactual: string;
  beforeAll(() => {
    factual = sharedDatabase('pharmacoepi');
    counterfactual = run(true);
  }, 180_000);

  it('differ only for persons who got a stay caused by the effect', () => {
    const db = new Database(':memory:');
    db.exec(`ATTACH '${factual}' AS f; ATTACH '${counterfactual}' AS c`);
    const caused = new Set((db.prepare('SELECT DISTINCT BEN_NIR_PSA AS id FROM f.SIM_TRUTH_EVENT').all() as { id: string }[]).map((r) => r.id));
    const exposed = new Set((db.prepare('SELECT DISTINCT BEN_NIR_PSA AS id FROM f.SIM_TRUTH_EXPOSURE').all() as { id: string }[]).map((r) => r.id));
    expect(caused.size).toBeGreaterThan(0);
    for (const id of caused) expect(exposed.has(id)).toBe(true);
    expect((db.prepare('SELECT COUNT(*) AS n FROM c.SIM_TRUTH_EVENT').get() as { n: number }).n).toBe(0);

    const tables = (db.prepare("SELECT name FROM f.sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    const differing = new Set<string>();
    for (const t of tables) {
      // The manifest and parameters name the run; sqlite_stat* are the query planner's statistics.
      if (t === 'SIM_RUN_MANIFEST' || t === 'SIM_TRUTH_PARAMETERS' || t.startsWith('sqlite_')) continue;
      const cols = (db.prepare(`SELECT name FROM pragma_table_info('${t}', 'f')`).all() as { name: string }[]).map((r) => r.name);
      for (const [a, b] of [['f', 'c'], ['c', 'f']] as const) {
        const who = personOf(t, cols, a);
        const rows = db.prepare(`SELECT ${who ?? 'NULL'} AS id FROM ${rowsNotIn(db, t, cols, a, b)}`).all() as { id: string | null }[];
        // Tables without persons (reference tables) are identical.
        if (who === undefined) expect([t, rows.length]).toEqual([t, 0]);
        for (const r of rows) differing.add(r.id ?? '?');
      }
    }
    expect(differing.size).toBeGreaterThan(0);
    // Compared as persons (BEN_IDT_ANO): a child's rows may be under either parent's BEN_NIR_PSA.
    const person = (psa: string): string => (db.prepare('SELECT MIN(BEN_IDT_ANO) AS p FROM f.IR_BEN_R WHERE BEN_NIR_PSA = ?').get(psa) as { p: string | null }).p ?? psa;
    const causedPersons = new Set([...caused].map(person));
    for (const id of differing) expect([id, causedPersons.has(person(id))]).toEqual([id, true]);
    // The counterfactual run is flagged in the truth parameters.
    expect((db.prepare("SELECT VALUE AS v FROM c.SIM_TRUTH_PARAMETERS WHERE KEY = 'counterfactual'").get() as { v: string }).v).toBe('true');
    db.close();
  });

  it("lets the README query measure exactly the true exposure from the SNDS tables", () => {
    const sql = readFileSync(join(repoRoot(), 'scenarios', 'pharmacoepi-nsaid.sql'), 'utf8');
    for (const path of [factual, counterfactual]) {
      const db = new Database(path, { readonly: true });
      const r = db.prepare(sql).get() as { exposed_events: number; exposed_person_years: number; unexposed_events: number; mantel_haenszel_rate_ratio: number | null };
      const truth = db.prepare('SELECT SUM(julianday(EXP_DTF) - julianday(EXP_DTD) + 1) / 365.25 AS py FROM SIM_TRUTH_EXPOSURE').get() as { py: number };
      expect(r.exposed_person_years).toBeCloseTo(truth.py, 0);
      expect(r.unexposed_events).toBeGreaterThan(0);
      db.close();
    }
    // Outcome stays during exposure: the factual run has the counterfactual's plus those the effect caused.
    const f = new Database(factual, { readonly: true });
    const c = new Database(counterfactual, { readonly: true });
    const ef = (f.prepare(sql).get() as { exposed_events: number }).exposed_events;
    const ec = (c.prepare(sql).get() as { exposed_events: number }).exposed_events;
    const caused = (f.prepare('SELECT COUNT(*) AS n FROM SIM_TRUTH_EVENT').get() as { n: number }).n;
    expect(ef - ec).toBeGreaterThan(0);
    expect(ef - ec).toBeLessThanOrEqual(caused);
    f.close();
    c.close();
  });
});
