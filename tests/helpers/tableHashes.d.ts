/** Types of tests/helpers/tableHashes.js (plain CommonJS, also run by the global setup's children). */

/** Per table: its number of rows and the SHA-256 of its rows. */
export type TableHashes = Record<string, { rows: number; sha256: string }>;

/** The table hashes of a SQLite output (only the tables in `only`, when given), from its `.hashes.json` while it is current. */
export declare function tableHashes(path: string, only?: readonly string[]): TableHashes;

/** Hashes a SQLite output and writes them beside it. */
export declare function writeTableHashes(path: string): void;
