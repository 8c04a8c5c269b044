// The browser's side of mote.mjs, run under node: with stdout/stderr callbacks, start() uses its
// own WASI shim (what a page gets) instead of node:wasi. A firmware, a panicking firmware and a
// command program (GoogleTest) must print and end exactly as under node:wasi.
//   node shim_test.mjs <seed.wasm> <target_panic.wasm> <smoke_test.wasm>
import { readFile } from 'node:fs/promises';
import { start } from '../js/mote.mjs';

const [seed, panic, command] = process.argv.slice(2);
let failures = 0;
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'}  ${what}`);
  if (!ok) failures++;
};

async function run(file, args = []) {
  let out = '';
  const mote = await start(readFile(file), { args: [file, ...args], stdout: (t) => (out += t), stderr: (t) => (out += t) });
  const code = await mote.exited;
  return { code, out };
}

const s = await run(seed);
check(s.code === 0 && /led on\n/.test(s.out) && /total 600, timed out yes\n/.test(s.out), `seed through the shim: status ${s.code}`);
const p = await run(panic);
check(p.code === 101 && /panicked: deliberate failure 42\n/.test(p.out), `a panic through the shim: status ${p.code}`);
const c = await run(command, ['--gtest_filter=Smoke.*:-Smoke.BlockOnAsync']);
check(c.code === 0 && /\[  PASSED  \] [1-9][0-9]* test/.test(c.out), `a command program through the shim: status ${c.code}`);
console.log(`${3 - failures} passed, ${failures} failed`);
process.exitCode = failures === 0 ? 0 : 1;
