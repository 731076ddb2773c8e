import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDatabase, tableHashes } from '../helpers/simulate';

/**
 * Golden output: the content of every table of a small run with every shipped module and one
 * intervention (the shared `pharmacoepi` database, tests/helpers/sharedDatabases.js: the NSAID example,
 * 1 500 persons of Ille-et-Vilaine, 2019–2021, seed 11, hazard ratio 5.0) is pinned as one SHA-256 per
 * table, so that a change that alters the output — a refactor meant to change nothing, a new random
 * draw, another row order — fails here and must be pinned on purpose.
 *
 * Hash of a table: SHA-256 of its rows in rowid order, each the JSON of its values in column order,
 * one per line. Nothing is left out: the run manifest holds the version and the data files' hashes,
 * which are as deterministic as the rest, so a version bump or a rebuilt data table changes the pins
 * of SIM_RUN_MANIFEST too (and the diff of hashes.json shows which tables moved).
 */

/** The pins: per table, its number of rows (to see at a glance what moved) and its hash. */
interface Pins {
  readonly run: string;
  readonly update: string;
  readonly tables: Readonly<Record<string, { readonly rows: number; readonly sha256: string }>>;
}

const PINS = join(__dirname, 'hashes.json');
const UPDATE = 'SNDS_SIM_UPDATE_GOLDEN';
const HOW_TO_UPDATE = `npm run build && ${UPDATE}=1 npx jest tests/golden`;

describe('golden output', () => {
  it('gives the pinned content for every table of the pharmacoepidemiology example (tests/golden/hashes.json)', () => {
    const actual: Pins['tables'] = tableHashes(sharedDatabase('pharmacoepi'));
    if (process.env[UPDATE] === '1') {
      const pins: Pins = {
        run: 'tests/helpers/sharedDatabases.js pharmacoepi: scenarios/pharmacoepi-nsaid.yaml with hazardRatio 5.0, --population 1500 --seed 11',
        update: `${HOW_TO_UPDATE}, then commit this file saying why the output changed`,
        tables: actual,
      };
      writeFileSync(PINS, `${JSON.stringify(pins, null, 2)}\n`);
      return;
    }
    if (!existsSync(PINS)) throw new Error(`${PINS} is missing: pin the current output with \`${HOW_TO_UPDATE}\``);
    const pinned = (JSON.parse(readFileSync(PINS, 'utf8')) as Pins).tables;
    const changed = [...new Set([...Object.keys(pinned), ...Object.keys(actual)])]
      .sort()
      .filter((t) => pinned[t]?.sha256 !== actual[t]?.sha256)
      .map((t) => `  ${t}: ${pinned[t] ? `${pinned[t].rows} rows` : 'absent'} pinned, ${actual[t] ? `${actual[t].rows} rows` : 'absent'} now${pinned[t] && actual[t] && pinned[t].rows === actual[t].rows ? ' (same count, other content)' : ''}`);
    if (changed.length > 0) {
      throw new Error(
        `the simulated output differs from the pinned golden output in ${changed.length} table(s):\n${changed.join('\n')}\n` +
          `If the change is not intended, this is a regression. If it is (a new feature, a fixed bug, new data, a version bump), ` +
          `pin the new output with \`${HOW_TO_UPDATE}\` and commit tests/golden/hashes.json, saying why the output changed.`,
      );
    }
  });
});
