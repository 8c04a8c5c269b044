// mote.mjs: the JavaScript side of mote's wasm32 platform. Runs under node and in a browser.
//
//   import { start } from './mote.mjs';
//   const mote = await start(fetch('seed.wasm'), { imports: { web: { led(on) {} } } });
//   const code = await mote.exited;
//
// A mote firmware is a WASI reactor (platform/wasm/src/main.cpp). start() instantiates it, runs
// its static constructors (_initialize), calls mote_start() and returns: from then on the
// program lives in the event loop, with no thread of its own and no busy-waiting.
//   - A wake-up inside the module calls mote_js_schedule_poll(): a microtask calls mote_poll(),
//     which polls one batch of ready tasks. After 64 polls in a row without the event loop
//     getting a turn (a task that keeps waking itself), the next poll is a macrotask instead, so
//     a busy program cannot freeze a page (rendering, input and timers still run).
//   - mote_js_set_alarm(ms) arms one setTimeout for the earliest deadline (tickless); when it
//     fires, mote_on_alarm() wakes the tasks that are due. A timeout that fires early re-arms
//     here without calling the module.
//   - mote_js_now() is performance.now(), counted from instantiation.
//   - proc_exit (mote::exit, a panic) ends the run: the pending alarm is cleared, no poll
//     follows, and `exited` resolves with the status. A trap (abort(), unreachable) ends it with
//     status 134, like SIGABRT on the host.
// WASI (printf and friends): node's `node:wasi` under node; in a browser, or when the caller
// wants the output itself (options.stdout/stderr), the small shim below (fd_write to callbacks,
// clocks, random, args and environment; everything else answers ENOSYS).
// A command program (a unit test: it exports _start) is run to its end by start() as well.

const kMicrotaskStreak = 64;
const kMaxTimeoutMs = 0x7fffffff;  // setTimeout's limit; a later deadline just re-arms
const kTrapStatus = 134;
const isNode = typeof process !== 'undefined' && process.versions != null && process.versions.node != null;

/** Thrown through the module's stack by proc_exit: the program ended with `code`. */
export class MoteExit extends Error {
  constructor(code) {
    super(`mote: exit ${code}`);
    this.code = code;
  }
}

// ---- the browser's WASI (also usable under node) -----------------------------------------------

const ERRNO_SUCCESS = 0;
const ERRNO_BADF = 8;
const ERRNO_NOSYS = 52;
const ERRNO_SPIPE = 70;

/** A minimal wasi_snapshot_preview1: enough for printf, clocks, random, args and environment. */
export class WasiShim {
  constructor({ args = [], env = {}, stdout, stderr } = {}) {
    this.args = args.map(String);
    this.env = Object.entries(env).map(([k, v]) => `${k}=${v}`);
    this.write = { 1: stdout ?? lineLogger(console.log), 2: stderr ?? lineLogger(console.error) };
    this.memory = null;
    this.decoder = new TextDecoder();
  }

  /** The import object's functions; `needed` lists what the module imports (others: ENOSYS). */
  imports(needed) {
    const mem = () => new DataView(this.memory.buffer);
    const bytes = () => new Uint8Array(this.memory.buffer);
    const encoder = new TextEncoder();
    const strings = (list, ptrs, buf) => {
      const view = mem();
      let at = buf;
      list.forEach((s, i) => {
        const b = encoder.encode(s + '\0');
        bytes().set(b, at);
        view.setUint32(ptrs + 4 * i, at, true);
        at += b.length;
      });
      return ERRNO_SUCCESS;
    };
    const sizes = (list, countPtr, sizePtr) => {
      const view = mem();
      view.setUint32(countPtr, list.length, true);
      view.setUint32(sizePtr, list.reduce((n, s) => n + encoder.encode(s).length + 1, 0), true);
      return ERRNO_SUCCESS;
    };
    const fns = {
      args_sizes_get: (c, s) => sizes(this.args, c, s),
      args_get: (p, b) => strings(this.args, p, b),
      environ_sizes_get: (c, s) => sizes(this.env, c, s),
      environ_get: (p, b) => strings(this.env, p, b),
      clock_res_get: (id, out) => {
        mem().setBigUint64(out, 1000n, true);
        return ERRNO_SUCCESS;
      },
      clock_time_get: (id, precision, out) => {
        // 0: realtime; everything else is treated as the monotonic clock.
        const ns = id === 0 ? BigInt(Date.now()) * 1000000n : BigInt(Math.round(performance.now() * 1e6));
        mem().setBigUint64(out, ns, true);
        return ERRNO_SUCCESS;
      },
      fd_write: (fd, iovs, iovsLen, nwritten) => {
        const sink = this.write[fd];
        if (sink === undefined) return ERRNO_BADF;
        const view = mem();
        let n = 0;
        for (let i = 0; i < iovsLen; i++) {
          const ptr = view.getUint32(iovs + 8 * i, true);
          const len = view.getUint32(iovs + 8 * i + 4, true);
          sink(this.decoder.decode(bytes().slice(ptr, ptr + len)));
          n += len;
        }
        view.setUint32(nwritten, n, true);
        return ERRNO_SUCCESS;
      },
      fd_read: (fd, iovs, iovsLen, nread) => {
        if (fd !== 0) return ERRNO_BADF;
        mem().setUint32(nread, 0, true);  // stdin is empty: end of file
        return ERRNO_SUCCESS;
      },
      fd_fdstat_get: (fd, out) => {
        if (fd > 2) return ERRNO_BADF;
        const view = mem();
        view.setUint8(out, 2);  // a character device: the C library line-buffers it
        view.setUint16(out + 2, 0, true);
        view.setBigUint64(out + 8, 0xffffffffn, true);
        view.setBigUint64(out + 16, 0xffffffffn, true);
        return ERRNO_SUCCESS;
      },
      fd_fdstat_set_flags: () => ERRNO_SUCCESS,
      fd_prestat_get: () => ERRNO_BADF,  // no preopened directories
      fd_prestat_dir_name: () => ERRNO_BADF,
      fd_seek: () => ERRNO_SPIPE,
      fd_close: (fd) => (fd <= 2 ? ERRNO_SUCCESS : ERRNO_BADF),
      random_get: (ptr, len) => {
        for (let at = 0; at < len; at += 65536) {
          crypto.getRandomValues(bytes().subarray(ptr + at, ptr + Math.min(len, at + 65536)));
        }
        return ERRNO_SUCCESS;
      },
      sched_yield: () => ERRNO_SUCCESS,
      poll_oneoff: () => ERRNO_NOSYS,  // a page cannot block: only command programs sleep
      proc_exit: (code) => {
        throw new MoteExit(code);
      },
    };
    const out = {};
    for (const name of needed) out[name] = fns[name] ?? (() => ERRNO_NOSYS);
    return out;
  }
}

/** A sink for fd_write that prints whole lines through `log` (console.log adds its own newline). */
export function lineLogger(log) {
  let pending = '';
  return (text) => {
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) log(line);
  };
}

// ---- instantiation and the event loop ---------------------------------------------------------------

async function compile(source) {
  source = await source;
  if (source instanceof WebAssembly.Module) return source;
  if (typeof Response !== 'undefined' && source instanceof Response) {
    // Streaming compilation needs the wasm MIME type; fall back to the bytes if the server lacks it.
    try {
      return await WebAssembly.compileStreaming(source.clone());
    } catch {
      return WebAssembly.compile(await source.arrayBuffer());
    }
  }
  return WebAssembly.compile(source);
}

async function makeWasi(options, needed) {
  const useNode = isNode && options.stdout === undefined && options.stderr === undefined && !options.shim;
  if (!useNode) {
    const shim = new WasiShim(options);
    return { imports: shim.imports(needed), attach: (instance) => (shim.memory = instance.exports.memory), node: null };
  }
  const { WASI } = await import('node:wasi');
  const wasi = new WASI({ version: 'preview1', args: options.args ?? [], env: options.env ?? {}, returnOnExit: true });
  // proc_exit must unwind the module the same way everywhere: through MoteExit.
  const imports = { ...wasi.wasiImport, proc_exit: (code) => { throw new MoteExit(code); } };
  return { imports, attach: () => {}, node: wasi };
}

/**
 * Instantiates a mote program and starts it.
 * @param source  a WebAssembly.Module, bytes, a Response or a promise of one (fetch(url))
 * @param options args (argv, the program's name first), env (object), imports (extra import
 *                modules for the application, e.g. { web: { led(on) {} } }), stdout/stderr
 *                (text callbacks; default: the process's own fds under node, console otherwise),
 *                report (text callback for a trap's report; default: stderr)
 * @returns { instance, exports, memory, exited, call(name, ...args), exitCode }
 */
export async function start(source, options = {}) {
  const module = await compile(source);
  const needed = WebAssembly.Module.imports(module)
    .filter((i) => i.module === 'wasi_snapshot_preview1')
    .map((i) => i.name);
  const wasi = await makeWasi(options, needed);

  let resolveExited;
  const exited = new Promise((resolve) => (resolveExited = resolve));
  const t0 = performance.now();
  const now = () => performance.now() - t0;
  let instance = null;
  let exitCode;
  let alarmAt = Infinity;
  let alarmTimer = null;
  let pollQueued = false;
  let streak = 0;  // polls run as microtasks since the event loop last had a turn

  const finish = (code) => {
    if (exitCode !== undefined) return;
    exitCode = code;
    mote.exitCode = code;
    if (alarmTimer !== null) clearTimeout(alarmTimer);
    alarmTimer = null;
    resolveExited(code);
  };
  // Every call into the module goes through here: an exit or a trap ends the run.
  const enter = (fn, ...args) => {
    if (exitCode !== undefined) return undefined;
    try {
      return fn(...args);
    } catch (e) {
      if (e instanceof MoteExit) {
        finish(e.code);
      } else {
        (options.report ?? options.stderr ?? ((t) => console.error(t.trimEnd())))(`mote: trap: ${e && e.message ? e.message : e}\n`);
        finish(kTrapStatus);
      }
      return undefined;
    }
  };
  const macrotask = (fn) => (isNode ? setImmediate(fn) : setTimeout(fn, 0));
  const runPoll = () => {
    pollQueued = false;
    enter(instance.exports.mote_poll);
  };
  const schedulePoll = () => {
    if (pollQueued || exitCode !== undefined) return;
    pollQueued = true;
    if (streak === 0) macrotask(() => (streak = 0));  // the event loop had its turn
    if (streak < kMicrotaskStreak) {
      streak++;
      queueMicrotask(runPoll);
    } else {
      macrotask(runPoll);
    }
  };
  const arm = () => {
    const delay = Math.min(Math.max(0, Math.ceil(alarmAt - now())), kMaxTimeoutMs);
    alarmTimer = setTimeout(() => {
      alarmTimer = null;
      if (now() < alarmAt) {
        arm();  // early (timers have ms granularity) or a deadline beyond setTimeout's range
        return;
      }
      alarmAt = Infinity;
      enter(instance.exports.mote_on_alarm);
    }, delay);
  };
  const setAlarm = (atMs) => {
    if (alarmTimer !== null) clearTimeout(alarmTimer);
    alarmTimer = null;
    alarmAt = atMs;
    if (atMs !== Infinity && exitCode === undefined) arm();
  };

  const imports = {
    ...(options.imports ?? {}),
    wasi_snapshot_preview1: wasi.imports,
    mote: { mote_js_schedule_poll: schedulePoll, mote_js_set_alarm: setAlarm, mote_js_now: now },
  };
  instance = await WebAssembly.instantiate(module, imports);
  wasi.attach(instance);
  const exports = instance.exports;
  const mote = {
    instance,
    exports,
    memory: exports.memory,
    exited,
    exitCode: undefined,
    /** Calls an export of the module (e.g. an application's input function) from JS. */
    call: (name, ...args) => enter(exports[name], ...args),
    /** The clock the module sees, in ms. */
    now,
  };

  if (typeof exports._start === 'function') {
    // A command program: runs to its end now.
    enter(() => {
      if (wasi.node) {
        finish(wasi.node.start(instance));
      } else {
        exports._start();
        finish(0);
      }
    });
    return mote;
  }
  if (typeof exports.mote_start !== 'function') throw new Error('mote: the module exports neither mote_start nor _start');
  enter(() => {
    if (wasi.node) wasi.node.initialize(instance);
    else if (typeof exports._initialize === 'function') exports._initialize();
    exports.mote_start();
  });
  return mote;
}
