/**
 * Child process of `callCompiled` (tests/helpers/simulate.ts): calls one exported function of the compiled code
 * (dist/src, which tests/globalSetup.js checks is up to date) outside jest's module sandbox, where the heavy
 * read-back work (a report or a calibration of the 20 000-person database) runs about twice as fast, and prints
 * its (awaited) result as JSON. Argument: JSON { module: path under dist/src, name: export, args: [...] }.
 */
const { join } = require('node:path');

const { module: mod, name, args } = JSON.parse(process.argv[2]);
const fn = require(join(__dirname, '..', '..', 'dist', 'src', mod))[name];
if (typeof fn !== 'function') {
  process.stderr.write(`dist/src/${mod} exports no function ${name}\n`);
  process.exit(1);
}
Promise.resolve()
  .then(() => fn(...args))
  .then(
    (result) => process.stdout.write(JSON.stringify(result ?? null)),
    (e) => {
      process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
      process.exit(1);
    },
  );
