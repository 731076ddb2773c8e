/**
 * The order jest starts the test files in. With the durations of an earlier run (jest's cache), jest's own order:
 * the longest first. On a fresh clone there are none and jest starts the largest files first; the files that start
 * child processes (simulations, reports, the data build, Chromium) are the long ones whatever their size, and one of
 * them started last kept a single core busy for half a minute after the others had finished (jest « Time » 279 s on
 * a fresh clone, 218 s with the durations known). Without durations they now go first, the largest first.
 *
 * Plain CommonJS: jest loads it from its configuration, outside the TypeScript transform.
 */
const { readFileSync } = require('node:fs');
const Sequencer = require('@jest/test-sequencer').default;

/** What a test file calls to start a child process (tests/helpers/cli.ts, tests/helpers/simulate.ts, node, playwright). */
const CHILD_PROCESS = /\b(runCli|simulateCompiled|callCompiled|spawnSync|spawn|chromium\.launch)\(/;

class ChildProcessesFirst extends Sequencer {
  sort(tests) {
    if (tests.some((t) => this.time(t) !== undefined)) return super.sort(tests);
    const weight = new Map(tests.map((t) => [t.path, { children: CHILD_PROCESS.test(readFileSync(t.path, 'utf8')), size: t.context.hasteFS.getSize(t.path) ?? 0 }]));
    return [...tests].sort((a, b) => {
      const x = weight.get(a.path);
      const y = weight.get(b.path);
      if (x.children !== y.children) return x.children ? -1 : 1;
      return y.size - x.size;
    });
  }
}

module.exports = ChildProcessesFirst;
