# mote's GDB extension: task-aware debugging of a mote firmware (Cortex-M, RISC-V).
#
#   (gdb) source tools/gdb/mote.py      # debug-<app> does this
#   (gdb) mote tasks                    # every task instance: name, state, what it awaits, frame
#   (gdb) mote timers                   # the timer queue, earliest deadline first
#   (gdb) mote arena                    # the memory report: pools, frames, arena
#
# Everything is read from the stopped target's memory, with the layouts from the ELF's debug
# information (mote.cmake builds every firmware with -g; it costs no flash) and the addresses of
# the runtime's statics from the ELF's symbol table (GCC's LTO keeps the statics but loses their
# locations in the debug information). Nothing is added to the firmware for it.
#
# Where the state lives (include/mote/task.hpp, waker.hpp, src/task_pool.cpp, timer_queue.cpp):
# - each task function has a TaskPool, linked from g_first_pool in first-spawn order; its
#   TaskPoolConfig has the name; its slots lie at base_, the free ones linked through their first
#   word from free_list_; a slot in use holds a coroutine frame whose promise starts with the
#   TaskHeader, header_offset_ bytes into the frame;
# - a TaskHeader says the rest: executor (null: not spawned yet, or finished), run_next (non-null:
#   in its executor's run queue), poll_fn/poll_obj (what it is suspended on: poll_fn is
#   poll_thunk<F>, so the symbol names the future's type F), timer_deadline/timer_next (the timer
#   queue, from g_root); current_task is the task that runs.
import importlib.machinery
import importlib.util
import os
import re

import gdb

HERE = os.path.dirname(os.path.abspath(__file__))
NO_DEADLINE = (1 << 64) - 1
# Mangled names (Itanium ABI, GCC and clang alike) of the runtime's statics; an LTO build may add
# a ".lto_priv.N" suffix, which the lookup ignores.
ANON = "_ZN4mote6detail12_GLOBAL__N_1"
SYM_FIRST_POOL = ANON + "12g_first_poolE"
SYM_ARENA_USED = ANON + "12g_arena_usedE"
SYM_TIMER_ROOT = ANON + "6g_rootE"
SYM_TIMER_SIZE = ANON + "6g_sizeE"
SYM_TIMER_REFERENCE = ANON + "11g_referenceE"  # the list's 32-bit deadlines are relative to it
SYM_CURRENT_TASK = "_ZN4mote6detail12current_taskE"
SYM_ALARM_TIME = "_ZN4mote6detail12g_alarm_timeE"


class MoteError(Exception):
    pass


def load_elf_class():
    """The ELF reader of tools/mote-log (a script without .py, hence the explicit loader)."""
    path = os.path.join(HERE, "..", "mote-log")
    loader = importlib.machinery.SourceFileLoader("mote_log", path)
    spec = importlib.util.spec_from_loader("mote_log", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module.Elf


class Symbols:
    """Addresses of the ELF's symbols by name (a suffix after the first '.' ignored)."""

    def __init__(self, path):
        try:
            elf = load_elf_class()(path)
        except Exception as e:  # mote-log's ElfError, or an unreadable file
            raise MoteError(f"cannot read the symbols of {path}: {e}")
        self.addresses = {}
        for name, value in elf.symbols():
            self.addresses.setdefault(name.split(".", 1)[0], value)

    def address(self, name):
        return self.addresses.get(name)


_symbols_cache = {}


def symbols():
    path = gdb.current_progspace().filename
    if path is None:
        raise MoteError("no program loaded: `file app.elf` first")
    if path not in _symbols_cache:
        _symbols_cache[path] = Symbols(path)
    return _symbols_cache[path]


def lookup_type(name):
    try:
        return gdb.lookup_type(name)
    except gdb.error:
        raise MoteError(f"no type {name} in the debug information: not a mote firmware, or built without -g "
                        "(mote.cmake builds every firmware with it)")


def at(address, type_):
    return gdb.Value(address).cast(type_.pointer()).dereference()


def static(sym, type_):
    """The runtime's static of mangled name `sym`, as a `type_`, or None if the firmware lacks it."""
    address = symbols().address(sym)
    return None if address is None else at(address, type_)


def has_field(type_, name):
    return any(f.name == name for f in type_.strip_typedefs().fields())


def symbol_at(address):
    """The name of the static object or function at `address` (with `+offset` inside one), or None."""
    if address == 0:
        return None
    text = gdb.execute(f"info symbol {address:#x}", to_string=True).strip()
    if text.startswith("No symbol"):
        return None
    name = text.split(" in section ")[0]
    return name.replace("(anonymous namespace)::", "").replace(" + ", "+")


class Layout:
    """The types the commands read and the facts derived from them."""

    def __init__(self):
        self.header = lookup_type("mote::detail::TaskHeader")
        self.pool = lookup_type("mote::detail::TaskPool")
        self.executor = lookup_type("mote::Executor")
        self.header_ptr = self.header.pointer()
        self.u64 = lookup_type("unsigned long long")
        self.void_ptr = gdb.lookup_type("void").pointer()
        # std::size_t: the unsigned integer as wide as a pointer (the 32-bit targets: unsigned int)
        self.size = next(t for t in (gdb.lookup_type("unsigned int"), gdb.lookup_type("unsigned long"))
                         if t.sizeof == self.void_ptr.sizeof)
        self.alloc_mode = has_field(self.pool, "reserved_")
        self.timer_list = has_field(self.header, "timer_next")


def u(value):
    return int(value)


class Pool:
    def __init__(self, value, layout, frame_align):
        self.layout = layout
        self.address = u(value.address)
        config = value["config_"]
        self.name = config["name"].string() if u(config) != 0 else ""
        self.capacity = u(config["capacity"]) if u(config) != 0 else 0
        self.async_region = u(config["async_region_bytes"]) if u(config) != 0 else 0
        self.base = 0 if layout.alloc_mode else u(value["base_"])
        self.free_list = 0 if layout.alloc_mode else u(value["free_list_"])
        self.in_use = u(value["in_use_"])
        self.peak = u(value["peak_in_use_"])
        self.frame_bytes = u(value["frame_bytes_"])
        self.async_peak = u(value["async_peak_"])
        self.header_offset = u(value["header_offset_"])
        self.frame_align = frame_align
        self.next = u(value["next_registered_"])

    def async_budget(self, stack_head_bytes):
        return 0 if self.async_region == 0 else self.async_region - stack_head_bytes

    def slot_bytes(self):
        return align_up(self.frame_bytes, self.frame_align) + self.async_region

    def free_slots(self):
        free, link = set(), self.free_list
        while link != 0 and link not in free and len(free) <= self.capacity:
            free.add(link)
            link = u(at(link, self.layout.void_ptr))  # a free slot's first word links the next
        return free

    def frames_in_use(self):
        """Frame addresses of the slots not on the free list (the pool's live instances)."""
        if self.base == 0:
            return []
        free = self.free_slots()
        slots = (self.base + i * self.slot_bytes() for i in range(self.capacity))
        return [s for s in slots if s not in free]


def align_up(n, a):
    return (n + a - 1) // a * a


def read_pools(layout):
    """The registered pools, in first-spawn order (the memory report's)."""
    first = static(SYM_FIRST_POOL, layout.pool.pointer())
    if first is None:
        raise MoteError("no task pools in this program (mote::detail::g_first_pool is missing): not a mote firmware?")
    values, address = [], u(first)
    while address != 0 and len(values) < 1000:
        value = at(address, layout.pool)
        values.append(value)
        address = u(value["next_registered_"])
    align = frame_align(layout, values)
    return [Pool(v, layout, align) for v in values]


def frame_align(layout, pool_values):
    """The frames' alignment (kFrameAlign, __STDCPP_DEFAULT_NEW_ALIGNMENT__: a compile-time value
    the ELF does not record): the one whose slot sizes add up to the arena's used bytes."""
    used = static(SYM_ARENA_USED, layout.size)
    arch = gdb.selected_frame().architecture().name() if gdb.selected_thread() else ""
    candidates = [16, 8, 4] if "riscv" in arch else [8, 16, 4]
    if used is None or layout.alloc_mode:
        return candidates[0]
    for align in candidates:
        total = 0
        for v in pool_values:
            config = v["config_"]
            if u(config) == 0 or u(v["base_"]) == 0:
                continue
            total += (align_up(u(v["frame_bytes_"]), align) + u(config["async_region_bytes"])) * u(config["capacity"])
        if total == u(used):
            return align
    return candidates[0]


# ---- what a task awaits ---------------------------------------------------------------------


def thunk_future_type(poll_fn):
    """The future type F of poll_thunk<F> at `poll_fn` (the demangled name of its symbol), the
    symbol itself if it is another function, or None."""
    name = symbol_at(poll_fn & ~1)  # Thumb functions have bit 0 set in pointers
    if name is None:
        return None, None
    match = re.search(r"poll_thunk<(.*)>\(void\*, mote::Waker\)$", name)
    return (match.group(1) if match else None), name


def future_value(type_name, address):
    """The future at `address` as its type, if the debug information has that type."""
    # The demangler writes unsigned template arguments as `2u`; GCC's debug information as `2`,
    # clang's as `2U`.
    for candidate in (re.sub(r"\b(\d+)u\b", r"\1", type_name), re.sub(r"\b(\d+)u\b", r"\1U", type_name), type_name):
        try:
            return at(address, gdb.lookup_type(candidate))
        except gdb.error:
            continue
    return None


def first_static_target(value):
    """The name of the first static object a pointer member of `value` points at (the channel or
    signal a future waits on, a driver's peripheral state), or None."""
    type_ = value.type.strip_typedefs()
    for field in type_.fields():
        if field.artificial or field.is_base_class or not field.name:
            continue
        member = value[field.name]
        member_type = member.type.strip_typedefs()
        if member_type.code == gdb.TYPE_CODE_PTR and member_type.target().strip_typedefs().code == gdb.TYPE_CODE_STRUCT:
            name = symbol_at(u(member))
            if name is not None and "+" not in name:
                return name
    return None


def drop_namespaces(name):
    return name.replace("mote::detail::", "").replace("mote::", "")


def short_type(name):
    """A type's name without mote's namespaces and with template arguments shortened to <...>."""
    return re.sub(r"<[^<>]*(<[^<>]*>[^<>]*)*>", "<...>", drop_namespaces(name))


def describe_future(header, layout):
    """What a suspended task awaits, from its poll function's type and its future object."""
    poll_fn, poll_obj = u(header["poll_fn"]), u(header["poll_obj"])
    if poll_fn == 0:
        return "nothing (resumes without a poll)"
    type_name, symbol = thunk_future_type(poll_fn)
    if type_name is None:
        return f"poll function {symbol or hex(poll_fn)}"
    future = future_value(type_name, poll_obj)
    if type_name == "mote::Timer" and future is not None:
        return f"timer, deadline {u(future['deadline_']['ticks_'])} ticks"
    if type_name == "mote::Ticker::Next" and future is not None:
        return f"ticker, deadline {u(future['ticker_']['next_']['ticks_'])} ticks"
    target = first_static_target(future) if future is not None else None
    on = f" {drop_namespaces(target)}" if target else ""
    if "Channel<" in type_name:  # Channel, PriorityChannel, ZeroCopyChannel...: the future's kind
        side = {"ReceiveFuture": "receive", "SendFuture": "send"}.get(type_name.split("::")[-1], short_type(type_name).split("::")[-1])
        return f"channel{on} ({side})"
    if re.match(r"mote::Signal<.*>::WaitFuture$", type_name):
        return f"signal{on}"
    return f"future {short_type(type_name)}" + (f" on{on}" if on else "")


# ---- the listings ---------------------------------------------------------------------------


class Task:
    def __init__(self, pool, frame, header):
        self.pool, self.frame, self.header = pool, frame, header
        self.address = u(header.address)


def read_tasks(layout, pools):
    tasks = []
    for pool in pools:
        for frame in pool.frames_in_use():
            header = at(frame + pool.header_offset, layout.header)
            tasks.append(Task(pool, frame, header))
    return tasks


def task_state(task, current):
    header = task.header
    spawned, queued = u(header["executor"]) != 0, u(header["run_next"]) != 0
    if not spawned:
        symbol = symbol_at(u(header["poll_fn"]) & ~1) or ""
        return "finished" if "finished_marker" in symbol else "created"
    if queued:
        return "queued"
    # current_task keeps the last task the executor ran after it suspended; a running task has
    # no poll function (it is set as the task suspends).
    return "running" if task.address == current and u(header["poll_fn"]) == 0 else "waiting"


def run_queue(executor_address, layout):
    """The tasks queued on an executor, oldest first (the critical-section queue's order)."""
    executor = at(executor_address, layout.executor)
    order, address = [], u(executor["queue_"]["head_"])
    while address != 0 and address not in order and len(order) < 1000:
        order.append(address)
        nxt = u(at(address, layout.header)["run_next"])
        address = 0 if nxt == address else nxt
    return order


def current_task(layout):
    # Multicore builds (MOTE_MULTICORE, mps2-an521) keep it in thread-local storage, one block per
    # core: the symbol's value is its offset in the block; core 0's block is at its thread
    # pointer (mote_core_tp[0]) plus the thread control block's size.
    core_tp = symbols().address("mote_core_tp")
    if core_tp is not None:
        offset, tcb = symbols().address(SYM_CURRENT_TASK), symbols().address("__arm32_tls_tcb_offset")
        if offset is None or tcb is None:
            return 0
        tp = u(at(core_tp, gdb.lookup_type("unsigned int")))
        return u(at(tp + tcb + offset, layout.header_ptr))
    value = static(SYM_CURRENT_TASK, layout.header_ptr)
    return 0 if value is None else u(value)


def cmd_tasks(layout):
    pools = read_pools(layout)
    if layout.alloc_mode:
        print("alloc mode (MOTE_ALLOC): frames are on the heap, task instances cannot be listed; see `mote arena`")
        return
    tasks = read_tasks(layout, pools)
    current = current_task(layout)
    by_address = {t.address: t for t in tasks}
    rows = []
    for t in tasks:
        state = task_state(t, current)
        awaits = describe_future(t.header, layout) if state in ("waiting", "queued") else ""
        if state == "queued" and awaits.startswith("nothing"):
            awaits = ""  # started, woken by what it awaited, or yielded: it runs next
        deadline = timer_deadline(t.header, layout)
        if deadline is not None and "deadline" not in awaits:
            awaits += ("; " if awaits else "") + f"timer queue: deadline {deadline} ticks"
        rows.append((t.pool.name, state, f"{t.frame:#010x}", str(t.pool.frame_bytes), awaits))
    print(f"{'task':<16} {'state':<8} {'frame':<10} {'size':>5}  awaits")
    for name, state, frame, size, awaits in rows:
        print(f"{name:<16} {state:<8} {frame:<10} {size:>5}  {awaits}".rstrip())
    executors = []
    for t in tasks:
        e = u(t.header["executor"])
        if e != 0 and e not in executors:
            executors.append(e)
    for e in executors:
        queue = run_queue(e, layout)
        live = u(at(e, layout.executor)["live_tasks_"])
        names = " ".join(by_address[a].pool.name if a in by_address else hex(a) for a in queue) or "empty"
        label = symbol_at(e) or f"{e:#x}"
        print(f"executor {label}: {live} live tasks, run queue: {names}")
    print(f"{len(tasks)} task instances")


def timer_deadline(header, layout):
    """A task's pending timer-queue deadline in ticks, or None. Firmware's sorted list keeps the
    low 32 bits (src/timer_queue.cpp), relative to the last deadline inserted."""
    if not layout.timer_list:
        deadline = u(header["timer_deadline"])
        return None if deadline == NO_DEADLINE else deadline
    if u(header["timer_next"]) == 0:
        return None
    low = u(header["timer_deadline"])
    reference = static(SYM_TIMER_REFERENCE, layout.u64)
    if reference is None:
        return low
    reference = u(reference)
    delta = (low - reference) & 0xFFFFFFFF
    if delta >= 1 << 31:
        delta -= 1 << 32
    return reference + delta


def timer_queue(layout):
    """The tasks in the timer queue, earliest deadline first."""
    root = static(SYM_TIMER_ROOT, layout.header_ptr)
    if root is None:
        return []
    found, pending = [], [u(root)]
    while pending and len(found) < 10000:
        address = pending.pop()
        if address < 16 or address in found:  # null, or the list's end mark (a small constant)
            continue
        found.append(address)
        header = at(address, layout.header)
        if layout.timer_list:
            pending.append(u(header["timer_next"]))
        else:  # the host's pairing heap: children and siblings
            pending += [u(header["timer_child"]), u(header["timer_sibling"])]
    return sorted(found, key=lambda a: timer_deadline(at(a, layout.header), layout) or 0)


def cmd_timers(layout):
    pools = read_pools(layout)
    tasks = {t.address: t for t in read_tasks(layout, pools)} if not layout.alloc_mode else {}
    queue = timer_queue(layout)
    print(f"{'deadline (ticks)':>20}  {'task':<16} frame")
    for address in queue:
        t = tasks.get(address)
        deadline = timer_deadline(at(address, layout.header), layout)
        name = t.pool.name if t else "?"
        frame = f"{t.frame:#010x}" if t else f"header {address:#x}"
        print(f"{deadline:>20}  {name:<16} {frame}")
    size = static(SYM_TIMER_SIZE, layout.size)
    alarm = static(SYM_ALARM_TIME, layout.u64)
    count = len(queue) if size is None else u(size)
    line = f"{count} pending"
    if alarm is not None:
        line += f"; the last alarm saw the clock at {u(alarm)} ticks"
    print(line)


def cmd_arena(layout):
    pools = read_pools(layout)
    stack_head = 0
    try:
        stack_head = align_up(lookup_type("mote::detail::AsyncStack").sizeof, pools[0].frame_align if pools else 8)
    except MoteError:
        pass
    print("task              frame  pool  async  reserved  peak  alive")
    for p in pools:
        reserved = p.slot_bytes() * p.capacity if p.base != 0 or layout.alloc_mode else 0
        print(f"{p.name:<16} {p.frame_bytes:6} {p.capacity:5} {p.async_budget(stack_head):6} {reserved:9} {p.peak:5} {p.in_use:6}")
    if layout.alloc_mode:
        print("frames on the heap (alloc mode); arena unused")
        return
    used = static(SYM_ARENA_USED, layout.size)
    start, end = symbols().address("__mote_arena_start"), symbols().address("__mote_arena_end")
    if start is None or end is None or used is None:
        print("arena: bounds unknown (a static array: host or wasm32)")
        return
    align = pools[0].frame_align if pools else 8
    begin, stop = align_up(start, align), end // align * align
    total = max(stop - begin, 0)
    print(f"arena: {total} bytes, {u(used)} used, {total - u(used)} free ({begin:#x}..{stop:#x})")


class MoteCommand(gdb.Command):
    """mote's task-aware commands: mote tasks | mote timers | mote arena."""

    def __init__(self):
        super().__init__("mote", gdb.COMMAND_DATA, gdb.COMPLETE_NONE, True)


class MoteSubcommand(gdb.Command):
    def __init__(self, name, run, doc):
        self.__doc__ = doc
        super().__init__("mote " + name, gdb.COMMAND_DATA)
        self.run = run

    def invoke(self, argument, from_tty):
        try:
            layout = Layout()
            if gdb.selected_inferior().pid == 0:
                # Without a target gdb would read the ELF's initial image: no task at all.
                raise MoteError("no running target: connect to one first (`target remote`; debug-<app> does)")
            self.run(layout)
        except MoteError as e:
            raise gdb.GdbError(f"mote: {e}")
        except gdb.MemoryError as e:
            raise gdb.GdbError(f"mote: cannot read the target's memory ({e}): is it connected and stopped?")


MoteCommand()
MoteSubcommand("tasks", cmd_tasks,
               "List every task instance: name, state (created, queued, running, waiting, finished), its frame's\n"
               "address and size, and what it awaits (timer with deadline, channel, signal, other futures).")
MoteSubcommand("timers", cmd_timers, "List the timer queue: deadlines in ticks, earliest first, with their tasks.")
MoteSubcommand("arena", cmd_arena, "The memory report: each task function's frame, pool and bytes, and the arena's use.")
