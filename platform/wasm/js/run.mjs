#!/usr/bin/env node
// Runs a mote wasm program under node and exits with its status:
//   node platform/wasm/js/run.mjs [--env=NAME=VALUE]... <program.wasm> [args...]
// A firmware (a reactor) runs in node's event loop until it calls mote::exit; a command program
// (a unit test) runs to its end. The program's stdout and stderr are node's own.
// If node's event loop runs dry while the program has not exited (tasks wait, but no timer is
// armed and nothing else can wake them), that is a hang on any other board: status 3.
import { readFile } from 'node:fs/promises';
import { start } from './mote.mjs';

// node 20 warns that WASI is experimental, on stderr, in every test's output: keep the others.
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (!String(w.message).includes('WASI')) console.error(`${w.name}: ${w.message}`);
});

// Options before the file: --env=NAME=VALUE adds to the program's environment (the build uses it
// to give one test program a GoogleTest filter, also when CMake lists its tests).
const argv = process.argv.slice(2);
const env = { ...process.env };
while (argv.length > 0 && argv[0].startsWith('--env=')) {
  const [name, ...value] = argv.shift().slice(6).split('=');
  env[name] = value.join('=');
}
const [file, ...args] = argv;
if (file === undefined) {
  console.error('usage: node run.mjs [--env=NAME=VALUE]... <program.wasm> [args...]');
  process.exit(2);
}
// A program written for a page imports the page's functions (e.g. examples/web's web.led): here
// they do nothing and return 0, so that it still runs (it prints as usual).
const module = await WebAssembly.compile(await readFile(file));
const pageImports = {};
for (const i of WebAssembly.Module.imports(module)) {
  if (i.kind !== 'function' || i.module === 'wasi_snapshot_preview1' || i.module === 'mote') continue;
  (pageImports[i.module] ??= {})[i.name] = () => 0;
}
if (Object.keys(pageImports).length > 0) {
  const names = Object.entries(pageImports).flatMap(([m, fns]) => Object.keys(fns).map((f) => `${m}.${f}`));
  console.error(`mote: run.mjs: ${names.join(', ')} do nothing here (the program expects a page)`);
}
// Reports go to stdout, the board's console, after the program's own output (like a panic's).
const report = (text) => process.stdout.write(text);
const mote = await start(module, { args: [file, ...args], env, imports: pageImports, report });
process.on('beforeExit', () => {
  if (mote.exitCode === undefined) {
    report('mote: the program is stuck: its tasks wait, but no timer is pending and nothing else can wake them\n');
    process.exit(3);
  }
});
const code = await mote.exited;
process.exitCode = code;
