import { InputError } from '../../errors';
import type { OutputFormat, SinkFormat } from './format';
import { DUCKDB_FORMAT } from './duckdb/DuckdbSink';
import { PARQUET_FORMAT } from './duckdb/ParquetSink';
import { sqliteFormat } from './SqliteSink';

/** Sink formats by name; `sqlite` is the default. A format not built into this version would be `undefined`. */
export const SINK_FORMATS: Readonly<Record<OutputFormat, SinkFormat | undefined>> = {
  sqlite: sqliteFormat,
  duckdb: DUCKDB_FORMAT,
  parquet: PARQUET_FORMAT,
};

/** The default output format. */
export const DEFAULT_FORMAT: OutputFormat = 'sqlite';

/** Names of the formats this version writes. */
export function availableFormats(): OutputFormat[] {
  return (Object.keys(SINK_FORMATS) as OutputFormat[]).filter((f) => SINK_FORMATS[f] !== undefined);
}

/** The format registered under `name`; an InputError naming `argName` when there is none. */
export function formatOf(name: string, argName = '--format'): SinkFormat {
  const f = Object.prototype.hasOwnProperty.call(SINK_FORMATS, name) ? SINK_FORMATS[name as OutputFormat] : undefined;
  if (f === undefined) throw new InputError({ path: argName, message: `unknown output format "${name}": use one of ${availableFormats().join(', ')}` });
  return f;
}
