/**
 * Fault injection for the command-line tests: a disk that fills up cannot be arranged on every
 * machine, so `SNDS_SIM_FAULT_DISK_FULL_AFTER=<n>` (read here only, by the CLI) makes the output
 * sink fail as a full disk does (ENOSPC) on its n-th write or append, after the earlier ones went
 * to the partial output. Nothing else reads it; unset, the format is returned as is.
 */
import type { SinkFormat, TableSink } from '../exporters';

/** Name of the environment variable. */
export const DISK_FULL_FAULT_ENV = 'SNDS_SIM_FAULT_DISK_FULL_AFTER';

/** An error as Node's file system raises on a full disk. */
function enospc(path: string): NodeJS.ErrnoException {
  const e: NodeJS.ErrnoException = new Error(`ENOSPC: no space left on device, write '${path}'`);
  e.code = 'ENOSPC';
  e.errno = -28;
  e.syscall = 'write';
  return e;
}

/** The format, with its sinks failing on the n-th write when the variable asks for it. */
export function withInjectedFaults(format: SinkFormat, env: NodeJS.ProcessEnv = process.env): SinkFormat {
  const text = env[DISK_FULL_FAULT_ENV];
  if (text === undefined || !/^\d+$/.test(text)) return format;
  const after = Number(text);
  return {
    ...format,
    create(options) {
      const sink = format.create(options);
      let writes = 0;
      const tick = (): void => {
        writes += 1;
        if (writes >= after) throw enospc(options.path);
      };
      const faulty: TableSink = {
        open: (tables) => sink.open(tables),
        write: async (batch) => {
          tick();
          await sink.write(batch);
        },
        appendPart: async (part, o) => {
          tick();
          await sink.appendPart(part, o);
        },
        close: () => sink.close(),
        abort: () => sink.abort(),
      };
      return faulty;
    },
  };
}
