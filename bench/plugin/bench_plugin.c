/* QEMU TCG plugin for the firmware benchmarks (bench/firmware): counts executed guest
 * instructions exactly between markers the firmware places. Under -icount the guest's own timers
 * only resolve 40 instructions (mps2: 25 MHz at 1 ns per instruction) and QEMU has no cycle
 * counter (DWT reads as zero), so the counting happens here: one inline increment per executed
 * instruction, the same method as tests/target/idle_plugin.c.
 *
 * Markers are Thumb `mov rN, rN` of a high register to itself: they do nothing, compilers never
 * emit them (mov r8, r8 is a Thumb-1 NOP encoding, hence not used) and, unlike every other
 * instruction, they are NOT counted, so placing one costs no figure anything:
 *   mov r9, r9    an exception was taken (first instruction of bench_count_exception)
 *   mov r10, r10  a window begins
 *   mov r11, r11  the window ends: its figures are added to the current group
 *   mov r12, r12  report the current group and start a new one
 * and `wfi` is watched. A lap (the time between consecutive passes of one point) is an end
 * marker immediately followed by a begin marker.
 *
 * Per window the plugin keeps: total (begin to end), since_irq (the last exception entry in the
 * window to the end), irqs (exceptions taken in the window), asleep (first WFI of the window to
 * the last exception entry: what ran while the CPU waited) and wfis. A report prints, per figure,
 * the number of windows, sum, min, max, first and last value:
 *   bench-plugin <group>: windows N; total n sum min max first last; since_irq ...; irqs ...; ...
 * Groups are numbered from 1 in report order; the firmware prints the names (bench/firmware).
 *
 * Debian ships no qemu-plugin.h: the declarations below are QEMU's plugin API version 1 (QEMU 4.2
 * to 8.1), as in include/qemu/qemu-plugin.h. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
typedef struct qemu_info_t qemu_info_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_CB_R_REGS, QEMU_PLUGIN_CB_RW_REGS };
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb* tb);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void* userdata);
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb* tb);
struct qemu_plugin_insn* qemu_plugin_tb_get_insn(const struct qemu_plugin_tb* tb, size_t idx);
const void* qemu_plugin_insn_data(const struct qemu_plugin_insn* insn);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn* insn);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn* insn, enum qemu_plugin_op op, void* ptr,
                                                uint64_t imm);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn* insn);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn* insn, qemu_plugin_vcpu_udata_cb_t cb,
                                            enum qemu_plugin_cb_flags flags, void* userdata);

#define EXPORT __attribute__((visibility("default")))
EXPORT int qemu_plugin_version = 1;

enum event { EV_IRQ, EV_BEGIN, EV_END, EV_REPORT, EV_WFI };

struct stat {
  uint64_t n, sum, min, max, first, last;
};
enum figure { F_TOTAL, F_SINCE_IRQ, F_IRQS, F_ASLEEP, F_WFIS, F_COUNT };
static const char* const figure_names[F_COUNT] = {"total", "since_irq", "irqs", "asleep", "wfis"};

static uint64_t executed; /* instructions executed so far, markers excluded (one vCPU) */
static int open_;
static uint64_t t_begin, t_irq, t_first_wfi, irqs_total, irqs_at_begin, wfis;
static struct stat group[F_COUNT];
static unsigned group_number = 1;
/* trace=<group>: print the address of every instruction counted in that group's first two
 * windows ("bench-trace <address>"), to see where a figure's instructions go
 * (arm-none-eabi-addr2line -f -e <elf> turns them into functions). */
static unsigned trace_group;
static unsigned traced_windows;

static void on_trace(unsigned int vcpu, void* udata) {
  (void)vcpu;
  if (open_ && group_number == trace_group && traced_windows < 2) printf("bench-trace %08lx\n", (unsigned long)(uintptr_t)udata);
}

static void add(enum figure f, uint64_t v) {
  struct stat* s = &group[f];
  if (s->n == 0 || v < s->min) s->min = v;
  if (s->n == 0 || v > s->max) s->max = v;
  if (s->n == 0) s->first = v;
  s->last = v;
  s->n++;
  s->sum += v;
}

static void on_event(unsigned int vcpu, void* udata) {
  (void)vcpu;
  const uint64_t now = executed;
  switch ((enum event)(uintptr_t)udata) {
    case EV_IRQ:
      ++irqs_total;
      t_irq = now;
      break;
    case EV_WFI:
      ++executed; /* a real instruction: counted */
      if (open_ && wfis++ == 0) t_first_wfi = now;
      break;
    case EV_BEGIN:
      open_ = 1;
      t_begin = now;
      irqs_at_begin = irqs_total;
      wfis = 0;
      break;
    case EV_END:
      if (!open_) break;
      open_ = 0;
      if (group_number == trace_group && traced_windows < 2) printf("bench-trace end of window %u\n", ++traced_windows);
      add(F_TOTAL, now - t_begin);
      add(F_IRQS, irqs_total - irqs_at_begin);
      add(F_WFIS, wfis);
      if (irqs_total != irqs_at_begin) {
        add(F_SINCE_IRQ, now - t_irq);
        if (wfis > 0 && t_irq >= t_first_wfi) add(F_ASLEEP, t_irq - t_first_wfi);
      }
      break;
    case EV_REPORT:
      printf("bench-plugin %u: windows %" PRIu64, group_number++, group[F_TOTAL].n);
      for (int f = 0; f < F_COUNT; ++f) {
        const struct stat* s = &group[f];
        printf("; %s %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64, figure_names[f], s->n,
               s->sum, s->min, s->max, s->first, s->last);
      }
      printf("\n");
      fflush(stdout);
      memset(group, 0, sizeof group);
      open_ = 0;
      break;
  }
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb* tb) {
  (void)id;
  const size_t n = qemu_plugin_tb_n_insns(tb);
  for (size_t i = 0; i < n; ++i) {
    struct qemu_plugin_insn* insn = qemu_plugin_tb_get_insn(tb, i);
    int ev = -1;
    if (qemu_plugin_insn_size(insn) == 2) {
      uint16_t op;
      memcpy(&op, qemu_plugin_insn_data(insn), 2); /* little-endian guest and host */
      if (op == 0x46C9) ev = EV_IRQ;    /* mov r9, r9 */
      if (op == 0x46D2) ev = EV_BEGIN;  /* mov r10, r10 */
      if (op == 0x46DB) ev = EV_END;    /* mov r11, r11 */
      if (op == 0x46E4) ev = EV_REPORT; /* mov r12, r12 */
      if (op == 0xBF30) ev = EV_WFI;    /* wfi */
    }
    if (ev >= 0) {
      qemu_plugin_register_vcpu_insn_exec_cb(insn, on_event, QEMU_PLUGIN_CB_NO_REGS, (void*)(uintptr_t)ev);
    } else {
      qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &executed, 1);
      if (trace_group != 0) {
        qemu_plugin_register_vcpu_insn_exec_cb(insn, on_trace, QEMU_PLUGIN_CB_NO_REGS,
                                               (void*)(uintptr_t)qemu_plugin_insn_vaddr(insn));
      }
    }
  }
}

EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t* info, int argc, char** argv) {
  (void)info;
  for (int i = 0; i < argc; ++i) {
    if (strncmp(argv[i], "trace=", 6) == 0) trace_group = (unsigned)strtoul(argv[i] + 6, NULL, 10);
  }
  qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
  return 0;
}
