import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { checkDatabase, type CheckReport } from '../../src/check';
import { tableDef } from '../../src/exporters';
import { repoRoot } from '../../src/util/paths';
import { cliInProcess, runCli, type CliResult } from '../helpers/cli';
import { sharedDatabase, tempDir } from '../helpers/simulate';

/** The binary in a child process, from the repository's folder. */
function cli(args: string[]): CliResult {
  return runCli(args, repoRoot());
}

type Row = Record<string, unknown>;

/** Creates `name` with the columns of its official definition `def` when the simulator did not write it. */
function ensureTable(db: Database.Database, name: string, def: string): void {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);
  if (exists === undefined) {
    db.exec(`CREATE TABLE "${name}" (${tableDef(def).columns.map((c) => `"${c.name}" ${c.sqlType}`).join(', ')})`);
  }
}

/** Inserts one row given as column → value (other columns NULL). */
function insert(db: Database.Database, table: string, row: Row): void {
  const cols = Object.keys(row);
  db.prepare(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((c) => row[c]));
}

const DCIR_KEYS = ['FLX_DIS_DTD', 'FLX_TRT_DTD', 'FLX_EMT_TYP', 'FLX_EMT_NUM', 'FLX_EMT_ORD', 'ORG_CLE_NUM', 'DCT_ORD_NUM', 'PRS_ORD_NUM', 'REM_TYP_AFF'];

/** Each way of breaking a clean database, and the check that must then fail. */
const BREAKS: [string, string, (db: Database.Database) => void][] = [
  ['a dropped column', 'schema.columns.ER_PRS_F', (db) => db.exec('ALTER TABLE ER_PRS_F DROP COLUMN PRS_QTT_MAJ')],
  ['a text in an integer column', 'schema.values.ER_PRS_F', (db) => db.exec("UPDATE ER_PRS_F SET PRS_ACT_QTE = 'one' WHERE rowid = 1")],
  ['a malformed date', 'schema.values.ER_PRS_F', (db) => db.exec("UPDATE ER_PRS_F SET EXE_SOI_DTF = '2019-02-30' WHERE rowid = 1")],
  [
    'a duplicated ER_PRS_F key',
    'pk.ER_PRS_F',
    (db) => {
      db.exec('DROP INDEX IF EXISTS ER_PRS_F_UK1');
      db.exec('INSERT INTO ER_PRS_F SELECT * FROM ER_PRS_F WHERE rowid = 1');
    },
  ],
  [
    'an orphan ER_PHA_F line',
    'fk.dcir.ER_PHA_F',
    (db) => {
      ensureTable(db, 'ER_PHA_F', 'ER_PHA_F');
      const keys = db.prepare(`SELECT ${DCIR_KEYS.join(', ')} FROM ER_PRS_F WHERE rowid = 1`).get() as Row;
      insert(db, 'ER_PHA_F', { ...keys, DCT_ORD_NUM: -1, PHA_PRS_C13: 3400930000000, PHA_ACT_QSN: 1 });
    },
  ],
  [
    'an orphan ER_ETE_F line',
    'fk.dcir.ER_ETE_F',
    (db) => {
      ensureTable(db, 'ER_ETE_F', 'ER_ETE_F');
      const keys = db.prepare(`SELECT ${DCIR_KEYS.join(', ')} FROM ER_PRS_F WHERE rowid = 1`).get() as Row;
      insert(db, 'ER_ETE_F', { ...keys, PRS_ORD_NUM: 99999, ETB_EXE_FIN: '35000074', ETE_IND_TAA: 1 });
    },
  ],
  [
    'an outpatient fee whose passage has no patient row',
    'fk.ace.T_MCO19FCSTC',
    (db) => {
      ensureTable(db, 'T_MCO19CSTC', 'T_MCOaaCSTC');
      ensureTable(db, 'T_MCO19FASTC', 'T_MCOaaFASTC');
      ensureTable(db, 'T_MCO19FCSTC', 'T_MCOaaFCSTC');
      insert(db, 'T_MCO19FASTC', { ETA_NUM: '350000741', SEQ_NUM: 'X0000001', NIR_RET: 0 });
      insert(db, 'T_MCO19FCSTC', { ETA_NUM: '350000741', SEQ_NUM: 'X0000001', ACT_COD: 'CS', ACT_NBR: 1 });
    },
  ],
  [
    'a prestation after death',
    'temporal.after-death.ER_PRS_F',
    (db) => {
      const p = db.prepare('SELECT BEN_NIR_PSA, EXE_SOI_DTD FROM ER_PRS_F ORDER BY EXE_SOI_DTD DESC LIMIT 1').get() as Row;
      db.prepare("UPDATE IR_BEN_R SET BEN_DCD_DTE = date(?, '-1 day') WHERE BEN_NIR_PSA = ?").run(p.EXE_SOI_DTD, p.BEN_NIR_PSA);
    },
  ],
  [
    'a prestation before birth',
    'temporal.before-birth.ER_PRS_F',
    (db) => {
      const p = db.prepare('SELECT BEN_NIR_PSA FROM ER_PRS_F WHERE rowid = 1').get() as Row;
      db.prepare("UPDATE IR_BEN_R SET BEN_NAI_ANN = '2030' WHERE BEN_NIR_PSA = ?").run(p.BEN_NIR_PSA);
    },
  ],
  [
    'a BEN_IDT_ANO given to persons of both sexes',
    'identity.one-person-per-idt.IR_BEN_R',
    (db) => {
      const man = db.prepare('SELECT BEN_IDT_ANO FROM IR_BEN_R WHERE BEN_SEX_COD = 1 LIMIT 1').get() as Row;
      db.prepare('UPDATE IR_BEN_R SET BEN_IDT_ANO = ? WHERE rowid = (SELECT MIN(rowid) FROM IR_BEN_R WHERE BEN_SEX_COD = 2)').run(man.BEN_IDT_ANO);
    },
  ],
  [
    'an archived couple of another birth year under a BEN_IDT_ANO',
    'identity.one-person-per-idt.IR_BEN_R_ARC',
    (db) => {
      ensureTable(db, 'IR_BEN_R_ARC', 'IR_BEN_R_ARC');
      const p = db.prepare('SELECT BEN_IDT_ANO, BEN_SEX_COD, BEN_NAI_ANN FROM IR_BEN_R LIMIT 1').get() as Row;
      insert(db, 'IR_BEN_R_ARC', { BEN_NIR_PSA: 'ZZZZZZZZZZZZZZZZZ', BEN_RNG_GEM: 1, BEN_IDT_ANO: p.BEN_IDT_ANO, BEN_SEX_COD: p.BEN_SEX_COD, BEN_NAI_ANN: String(Number(p.BEN_NAI_ANN) - 1), BEN_NAI_MOI: '01' });
    },
  ],
  [
    'an orphan ER_UCD_F line',
    'fk.dcir.ER_UCD_F',
    (db) => {
      ensureTable(db, 'ER_UCD_F', 'ER_UCD_F');
      const keys = db.prepare(`SELECT ${DCIR_KEYS.join(', ')} FROM ER_PRS_F WHERE rowid = 1`).get() as Row;
      insert(db, 'ER_UCD_F', { ...keys, DCT_ORD_NUM: -1, UCD_UCD_COD: '0000009274182', UCD_DLV_NBR: 1, UCD_TOP_UCD: 0 });
    },
  ],
  ['a regularisation cancelling more than was paid', 'artefact.regularisation-net.ER_PRS_F', (db) => db.exec('UPDATE ER_PRS_F SET PRS_ACT_QTE = -5 WHERE rowid = 1')],
  [
    'a supplement line without its base line',
    'artefact.supplement-attached.ER_PRS_F',
    (db) => db.exec("UPDATE ER_PRS_F SET CPL_MAJ_TOP = 2, FLX_TRT_DTD = '2019-01-01', FLX_DIS_DTD = '2019-02-01' WHERE rowid = (SELECT MIN(rowid) FROM ER_PRS_F WHERE CPL_MAJ_TOP = 0 AND FLX_TRT_DTD >= '2019-02-01')"),
  ],
  ['an information line not qualified 71 as transmitted', 'artefact.information-line.ER_PRS_F', (db) => db.exec('UPDATE ER_PRS_F SET DPN_QLF = 71, PRS_DPN_QLP = 0 WHERE rowid = 1')],
  ['a care date outside the period', 'temporal.period.ER_PRS_F', (db) => db.exec("UPDATE ER_PRS_F SET EXE_SOI_DTD = '2018-06-01', EXE_SOI_DTF = '2018-06-01' WHERE rowid = 1")],
  [
    'an overlapping pair of stays',
    'temporal.overlapping-stays',
    (db) => {
      ensureTable(db, 'T_MCO19C', 'T_MCOaaC');
      const nir = (db.prepare('SELECT BEN_NIR_PSA FROM IR_BEN_R WHERE BEN_DCD_DTE = ? LIMIT 1').get('1600-01-01') as Row).BEN_NIR_PSA;
      insert(db, 'T_MCO19C', { ETA_NUM: '350000001', RSA_NUM: 'X0000001', NIR_ANO_17: nir, EXE_SOI_DTD: '2019-03-01', EXE_SOI_DTF: '2019-03-10' });
      insert(db, 'T_MCO19C', { ETA_NUM: '350000002', RSA_NUM: 'X0000002', NIR_ANO_17: nir, EXE_SOI_DTD: '2019-03-05', EXE_SOI_DTF: '2019-03-06' });
    },
  ],
  [
    'a stay without its B row',
    'fk.T_MCO19C.ETA_NUM+RSA_NUM',
    (db) => {
      ensureTable(db, 'T_MCO19C', 'T_MCOaaC');
      ensureTable(db, 'T_MCO19B', 'T_MCOaaB');
      const nir = (db.prepare('SELECT BEN_NIR_PSA FROM IR_BEN_R LIMIT 1').get() as Row).BEN_NIR_PSA;
      insert(db, 'T_MCO19C', { ETA_NUM: '350000001', RSA_NUM: 'X0000003', NIR_ANO_17: nir, EXE_SOI_DTD: '2019-03-01', EXE_SOI_DTF: '2019-03-01' });
    },
  ],
  [
    'an ALD-related prestation without an ALD',
    'temporal.ald-before-care',
    (db) => {
      ensureTable(db, 'IR_IMB_R', 'IR_IMB_R');
      db.exec('UPDATE ER_PRS_F SET EXO_MTF = 42 WHERE rowid = (SELECT MIN(rowid) FROM ER_PRS_F WHERE BEN_NIR_PSA NOT IN (SELECT BEN_NIR_PSA FROM IR_IMB_R WHERE BEN_NIR_PSA IS NOT NULL))');
    },
  ],
  [
    'an SSR stay without an MCO stay before it',
    'ssr.follows-mco',
    (db) => {
      ensureTable(db, 'T_SSR19C', 'T_SSRaaC');
      ensureTable(db, 'T_MCO19C', 'T_MCOaaC');
      const nir = (db.prepare('SELECT BEN_NIR_PSA FROM IR_BEN_R WHERE BEN_DCD_DTE = ? AND BEN_NIR_PSA NOT IN (SELECT NIR_ANO_17 FROM T_MCO19C) LIMIT 1').get('1600-01-01') as Row).BEN_NIR_PSA;
      // Its only MCO stay is discharged 31 days before the SSR entry: out of the admission window.
      insert(db, 'T_MCO19C', { ETA_NUM: '350000001', RSA_NUM: 'X0000004', NIR_ANO_17: nir, EXE_SOI_DTD: '2019-01-20', EXE_SOI_DTF: '2019-01-31' });
      insert(db, 'T_SSR19C', { ETA_NUM: '350002564', RHA_NUM: 'X000001', NIR_ANO_17: nir, ENT_DAT: '2019-03-03', SOR_DAT: '2019-03-20', EXE_SOI_DTD: '2019-03-03', EXE_SOI_DTF: '2019-03-20' });
    },
  ],
  [
    'an overlapping pair of SSR stays',
    'ssr.overlapping-stays',
    (db) => {
      ensureTable(db, 'T_SSR19C', 'T_SSRaaC');
      const nir = (db.prepare('SELECT BEN_NIR_PSA FROM IR_BEN_R WHERE BEN_DCD_DTE = ? LIMIT 1').get('1600-01-01') as Row).BEN_NIR_PSA;
      insert(db, 'T_SSR19C', { ETA_NUM: '350002564', RHA_NUM: 'X000002', NIR_ANO_17: nir, EXE_SOI_DTD: '2019-04-01', EXE_SOI_DTF: '2019-04-30' });
      insert(db, 'T_SSR19C', { ETA_NUM: '350002200', RHA_NUM: 'X000003', NIR_ANO_17: nir, EXE_SOI_DTD: '2019-04-10', EXE_SOI_DTF: '2019-04-12' });
    },
  ],
  ['an SSR stay ending after the period', 'temporal.period.T_SSR19C', (db) => db.exec("UPDATE T_SSR19C SET EXE_SOI_DTF = '2020-02-01' WHERE rowid = 1")],
  ['a wrong FLX_DIS_DTD', 'temporal.flux-date.ER_PRS_F', (db) => db.exec("UPDATE ER_PRS_F SET FLX_DIS_DTD = '2019-01-15' WHERE rowid = 1")],
  ['an unknown person id', 'fk.ER_PRS_F.BEN_NIR_PSA+BEN_RNG_GEM', (db) => db.exec("UPDATE ER_PRS_F SET BEN_NIR_PSA = 'ZZZZZZZZZZZZZZZZZ' WHERE rowid = 1")],
  ['an unknown practitioner', 'fk.ER_PRS_F.PFS_EXE_NUM', (db) => db.exec("UPDATE ER_PRS_F SET PFS_EXE_NUM = '99999999' WHERE rowid = 1")],
];

describe('snds-sim check', () => {
  let clean: string;
  let report: CheckReport;

  beforeAll(async () => {
    // Any clean simulated database will do: the shared small one (700 persons, 2019), copied before each break.
    clean = sharedDatabase('small');
    report = await checkDatabase(clean);
  });

  it('finds no violation in a simulated database, whatever tables it holds', async () => {
    const failing = report.checks.filter((c) => c.status === 'violations' || c.status === 'error');
    expect(failing).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.period).toEqual({ start: '2019-01-01', end: '2019-12-31' });
    expect(report.checks.filter((c) => c.status === 'ok').map((c) => c.id)).toEqual(
      expect.arrayContaining(['schema.columns.ER_PRS_F', 'pk.ER_PRS_F', 'fk.ER_PRS_F.BEN_NIR_PSA+BEN_RNG_GEM', 'temporal.flux-date.ER_PRS_F', 'temporal.period.ER_PRS_F', 'pk.T_SSR19B', 'ssr.follows-mco', 'ssr.overlapping-stays']),
    );
    // Checks on absent tables are skipped, naming them.
    for (const c of report.checks.filter((x) => x.status === 'skipped')) expect(c.missingTables?.length).toBeGreaterThan(0);
  });

  it('exits 0 on the clean database and prints one line per check', () => {
    const r = cli(['check', clean]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^OK {5}pk\.ER_PRS_F/m);
    expect(r.stdout).toMatch(/CLEAN\n$/);
  });

  /** A copy of the clean database broken by `breakIt`. */
  function broken(breakIt: (db: Database.Database) => void): string {
    const path = join(tempDir(), 'broken.db');
    copyFileSync(clean, path);
    const db = new Database(path);
    try {
      breakIt(db);
    } finally {
      db.close();
    }
    return path;
  }

  // Each break is checked in this process by the checks of its id (each check is its own query: the others
  // cannot hide or cause its violations); the command line's exit code and JSON on a break are tested below.
  it.each(BREAKS)('fails on %s (%s)', async (_what, id, breakIt) => {
    const json = await checkDatabase(broken(breakIt), { only: [id] });
    const result = json.checks.find((c) => c.id === id);
    expect(result?.status).toBe('violations');
    expect(result?.violations).toBeGreaterThanOrEqual(1);
    expect(result?.examples.length).toBeGreaterThanOrEqual(1);
    expect(json.ok).toBe(false);
  });

  it('takes the identical birth stays of same-sex twins (one NIR_ANO_17) for one stay, not an overlap', async () => {
    const path = broken((db) => {
      ensureTable(db, 'T_MCO19C', 'T_MCOaaC');
      const nir = (db.prepare('SELECT BEN_NIR_PSA FROM IR_BEN_R WHERE BEN_DCD_DTE = ? LIMIT 1').get('1600-01-01') as Row).BEN_NIR_PSA;
      insert(db, 'T_MCO19C', { ETA_NUM: '350000001', RSA_NUM: 'X0000001', NIR_ANO_17: nir, EXE_SOI_DTD: '2019-03-01', EXE_SOI_DTF: '2019-03-05' });
      insert(db, 'T_MCO19C', { ETA_NUM: '350000001', RSA_NUM: 'X0000002', NIR_ANO_17: nir, EXE_SOI_DTD: '2019-03-01', EXE_SOI_DTF: '2019-03-05' });
    });
    const json = await checkDatabase(path, { only: ['temporal.overlapping-stays'] });
    expect(json.checks.find((c) => c.id === 'temporal.overlapping-stays')?.status).toBe('ok');
  });

  it('exits 1 on a broken database, with the JSON report naming the failing check among all the checks', () => {
    const [, id, breakIt] = BREAKS.find(([what]) => what === 'an orphan ER_PHA_F line') as (typeof BREAKS)[number];
    const r = cli(['check', broken(breakIt), '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as CheckReport;
    expect(json.checks.map((c) => c.id)).toEqual(report.checks.map((c) => c.id));
    const result = json.checks.find((c) => c.id === id);
    expect(result?.status).toBe('violations');
    expect(result?.violations).toBeGreaterThanOrEqual(1);
    expect(result?.examples.length).toBeGreaterThanOrEqual(1);
    expect(json.checks.filter((c) => c.status === 'violations').map((c) => c.id)).toEqual([id]);
    expect(json.ok).toBe(false);
  });

  it('checks yearly PMSI tables against their T_MCOaaX definition', async () => {
    const path = join(tempDir(), 'pmsi.db');
    copyFileSync(clean, path);
    const db = new Database(path);
    ensureTable(db, 'T_MCO19C', 'T_MCOaaC');
    db.close();
    const r = await checkDatabase(path, { only: ['schema.columns.T_MCO19C'] });
    // The prefix also selects the outpatient patient table T_MCO19CSTC, checked against T_MCOaaCSTC.
    expect(r.checks.map((c) => [c.id, c.status])).toEqual([
      ['schema.columns.T_MCO19C', 'ok'],
      ['schema.columns.T_MCO19CSTC', 'ok'],
    ]);
  });

  // The command's main in this process: each is refused before reading anything (tests/helpers/cli.ts).
  it('exits 2 with a message naming the argument on a missing file or a file that is not a SQLite database', async () => {
    const cwd = tempDir();
    const missing = join(cwd, 'nowhere.db');
    const m = await cliInProcess(['check', missing], cwd);
    expect(m.code).toBe(2);
    expect(m.stderr).toContain('<db>');
    expect(m.stderr).toContain(missing);
    const text = join(cwd, 'notes.db');
    writeFileSync(text, 'not a database at all, just some text');
    const t = await cliInProcess(['check', text], cwd);
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/<db>: .*notes\.db is not a SQLite database/);
    expect((await cliInProcess(['check'], cwd)).code).toBe(2);
  });
});
