/**
 * Table hashes of a SQLite output: per table, its number of rows and the SHA-256 of its rows in rowid order, each the
 * JSON of its values in column order, one per line (streamed, not held). Equal hashes are equal contents and row order.
 *
 * Plain CommonJS: the child process that simulates a shared database (tests/helpers/runCompiled.js) hashes it there,
 * in the global setup, while a core is free, and writes the hashes beside it (`<db>.hashes.json`, with the file's
 * size and modification time); `tableHashes` reads them back while the file is unchanged, else hashes the file.
 */
const { createHash } = require('node:crypto');
const { existsSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const Database = require('better-sqlite3');

/** Path of the hashes written beside a database. */
function sidecarOf(path) {
  return `${path}.hashes.json`;
}

/** The size and modification time that tie hashes to the file they were computed from. */
function stamp(path) {
  const s = statSync(path);
  return { size: s.size, mtimeMs: s.mtimeMs };
}

/** Hashes every table (or only `only`, names) of the database at `path`, reading it. */
function computeTableHashes(path, only) {
  const db = new Database(path, { readonly: true });
  db.pragma('mmap_size = 4294967296');
  try {
    const out = {};
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    for (const table of names) {
      if (only !== undefined && !only.includes(table)) continue;
      const h = createHash('sha256');
      let rows = 0;
      for (const r of db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).raw().iterate()) {
        h.update(`${JSON.stringify(r)}\n`);
        rows++;
      }
      out[table] = { rows, sha256: h.digest('hex') };
    }
    return out;
  } finally {
    db.close();
  }
}

/** Hashes the database at `path` and writes them beside it (`<path>.hashes.json`). */
function writeTableHashes(path) {
  const before = stamp(path);
  const tables = computeTableHashes(path);
  writeFileSync(sidecarOf(path), JSON.stringify({ ...before, tables }));
}

/**
 * The table hashes of the database at `path` (only the tables named in `only`, when given): those written beside it
 * while the file has the size and modification time they were computed from, else computed now.
 */
function tableHashes(path, only) {
  const sidecar = sidecarOf(path);
  if (existsSync(sidecar)) {
    const saved = JSON.parse(readFileSync(sidecar, 'utf8'));
    const now = stamp(path);
    if (saved.size === now.size && saved.mtimeMs === now.mtimeMs) {
      if (only === undefined) return saved.tables;
      return Object.fromEntries(Object.entries(saved.tables).filter(([t]) => only.includes(t)));
    }
  }
  return computeTableHashes(path, only);
}

module.exports = { tableHashes, writeTableHashes };
