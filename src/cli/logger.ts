import type { Logger } from 'pino';

/** Log levels accepted by --log-level. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * pino logger on stderr: JSON lines (pino's own format) when stderr is not a terminal, one short
 * human line per message when it is.
 */
export function createLogger(level: LogLevel): Logger {
  // Loaded here, by the commands that log: the help and the usage errors do without it.
  const { pino } = require('pino') as typeof import('pino');
  const stream = process.stderr;
  if (!stream.isTTY) return pino({ level, base: { name: 'snds-sim' } }, pino.destination({ fd: 2, sync: true }));
  return pino(
    { level, base: undefined, timestamp: false },
    {
      write(line: string): void {
        const o = JSON.parse(line) as { level: number; msg?: string } & Record<string, unknown>;
        const { level: lv, msg, ...rest } = o;
        const name = pino.levels.labels[lv] ?? String(lv);
        const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
        stream.write(`${name}: ${msg ?? ''}${extra}\n`);
      },
    },
  );
}
