import { InputError } from '../../errors';
import type { SinkOptions, TableSink } from './Sink';
import { SqliteSink } from './SqliteSink';

/** Builds a sink from its options. */
export type SinkFactory = (options: SinkOptions) => TableSink;

/** Sinks by name; `sqlite` is the default. */
export const SINKS: Readonly<Record<string, SinkFactory>> = {
  sqlite: (options) => new SqliteSink(options),
};

/** The sink registered under `name`. */
export function createSink(name: string, options: SinkOptions): TableSink {
  const f = SINKS[name];
  if (!f) throw new InputError({ path: '--format', message: `unknown output format "${name}": use one of ${Object.keys(SINKS).join(', ')}` });
  return f(options);
}
