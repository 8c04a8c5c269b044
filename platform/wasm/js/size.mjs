#!/usr/bin/env node
// size(1) for wasm modules: `size.mjs [-B] [-d] <file.wasm>...` prints the Berkeley table
// (text data bss dec hex filename) that cmake/print_size.cmake reads, where
//   text = the code section (the functions' bytecode),
//   data = the initialised data segments (what the module copies into memory: .rodata, .data),
//   bss  = the rest of the static RAM: __data_end minus the first segment's address minus data.
// and, on stderr, the file's size and the stack wasm-ld reserved (__heap_base - __data_end).
// __data_end and __heap_base are exported by the wasm32 toolchain's link flags.
import { readFileSync, statSync } from 'node:fs';

function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if ((b & 0x80) === 0) return [value, at];
  }
}

// The value of an i32.const initialiser (globals, data segment offsets).
function i32Const(bytes, at) {
  if (bytes[at] !== 0x41) return [null, skipExpr(bytes, at)];
  let value = 0;
  let shift = 0;
  let b;
  at++;
  do {
    b = bytes[at++];
    value |= (b & 0x7f) << shift;
    shift += 7;
  } while (b & 0x80);
  if (shift < 32 && b & 0x40) value |= -1 << shift;
  return [value >>> 0, skipExpr(bytes, at)];
}
function skipExpr(bytes, at) {
  while (bytes[at] !== 0x0b) at++;
  return at + 1;
}

export function wasmSize(file) {
  const bytes = readFileSync(file);
  let at = 8;
  let code = 0;
  let data = 0;
  let firstAddress = Infinity;
  const globals = [];
  const exportedGlobals = {};
  let importedGlobals = 0;
  while (at < bytes.length) {
    const id = bytes[at];
    let size;
    [size, at] = leb(bytes, at + 1);
    const end = at + size;
    if (id === 10) code = size;
    if (id === 2) {  // imports: imported globals come first in the index space
      let [count, p] = leb(bytes, at);
      for (let i = 0; i < count; i++) {
        let len;
        [len, p] = leb(bytes, p);
        p += len;
        [len, p] = leb(bytes, p);
        p += len;
        const kind = bytes[p++];
        if (kind === 0) [, p] = leb(bytes, p);
        else if (kind === 1) { p++; const flags = bytes[p++]; [, p] = leb(bytes, p); if (flags & 1) [, p] = leb(bytes, p); }
        else if (kind === 2) { const flags = bytes[p++]; [, p] = leb(bytes, p); if (flags & 1) [, p] = leb(bytes, p); }
        else if (kind === 3) { p += 2; importedGlobals++; }
      }
    }
    if (id === 6) {
      let [count, p] = leb(bytes, at);
      for (let i = 0; i < count; i++) {
        p += 2;  // value type, mutability
        let value;
        [value, p] = i32Const(bytes, p);
        globals.push(value);
      }
    }
    if (id === 7) {
      let [count, p] = leb(bytes, at);
      for (let i = 0; i < count; i++) {
        let len;
        [len, p] = leb(bytes, p);
        const name = bytes.subarray(p, p + len).toString();
        p += len;
        const kind = bytes[p++];
        let index;
        [index, p] = leb(bytes, p);
        if (kind === 3) exportedGlobals[name] = index;
      }
    }
    if (id === 11) {
      let [count, p] = leb(bytes, at);
      for (let i = 0; i < count; i++) {
        let flags;
        [flags, p] = leb(bytes, p);
        if (flags === 2) [, p] = leb(bytes, p);
        let offset = null;
        if (flags !== 1) [offset, p] = i32Const(bytes, p);
        let len;
        [len, p] = leb(bytes, p);
        p += len;
        data += len;
        if (offset !== null) firstAddress = Math.min(firstAddress, offset);
      }
    }
    at = end;
  }
  const global = (name) => (name in exportedGlobals ? globals[exportedGlobals[name] - importedGlobals] : null);
  const dataEnd = global('__data_end');
  const heapBase = global('__heap_base');
  if (firstAddress === Infinity) firstAddress = dataEnd ?? 0;
  const bss = dataEnd === null ? 0 : Math.max(0, dataEnd - firstAddress - data);
  const stack = dataEnd !== null && heapBase !== null ? heapBase - dataEnd : null;
  return { file: statSync(file).size, code, data, bss, stack };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  console.log('   text\t   data\t    bss\t    dec\t    hex\tfilename');
  for (const f of files) {
    const s = wasmSize(f);
    const dec = s.code + s.data + s.bss;
    console.log(`${String(s.code).padStart(7)}\t${String(s.data).padStart(7)}\t${String(s.bss).padStart(7)}\t${String(dec).padStart(7)}\t${dec.toString(16).padStart(7)}\t${f}`);
    console.error(`mote: ${f.split('/').pop()}: ${s.file} B file, ${s.stack ?? '?'} B stack`);
  }
}
