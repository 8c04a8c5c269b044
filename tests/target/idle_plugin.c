/* QEMU TCG plugin for the `idle` firmware test: counts the instructions the guest executes while
 * it is asleep on a pending timer. QEMU offers the guest no instruction counter of its own (no
 * DWT cycle counter: its registers read as zero; every timer counts virtual time, which
 * -icount sleep=off advances past a halted CPU without executing anything), so the counting
 * happens here, in QEMU, exactly: one inline increment per executed instruction.
 *
 * The firmware marks what the plugin needs with instructions that do nothing and that compilers
 * never emit (Thumb MOV of a high register to itself):
 *   mov r10, r10   the idle window opens (just before the task awaits its 1 s timer)
 *   mov r11, r11   the window closes (the task runs again)
 *   mov r9, r9     an exception was taken (first instruction of the firmware's counting handler)
 * and the plugin watches WFI, where the executor halts the CPU. At the close it prints
 *
 *   idle second: N instructions, M interrupts (...)
 *
 * N: instructions executed from the first WFI of the window to the last one, i.e. while the CPU
 * slept with the timer pending (0 if it slept through in one WFI); M: exceptions taken in the
 * window (the alarm's included). Then "ok" if N <= bound (plugin argument bound=<n>), else
 * "FAILED". Instructions before the first WFI (the task going to sleep) and after the last
 * (the alarm interrupt, waking and resuming the task) are printed separately.
 *
 * The API subset below is declared here because Debian ships no qemu-plugin.h; it is QEMU's
 * plugin API version 1 (QEMU 4.2 to 8.1), as in include/qemu/qemu-plugin.h. */
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
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn* insn, qemu_plugin_vcpu_udata_cb_t cb,
                                            enum qemu_plugin_cb_flags flags, void* userdata);

#define EXPORT __attribute__((visibility("default")))
EXPORT int qemu_plugin_version = 1;

enum event { EV_OPEN, EV_CLOSE, EV_IRQ, EV_WFI };

static uint64_t executed;  /* instructions executed so far (one vCPU: these machines have one) */
static uint64_t bound = 200;
static int open_;
static uint64_t at_open, first_wfi, last_wfi, wfis, irqs;

/* Called before the marked instruction executes; it is counted here, not inline. */
static void on_event(unsigned int vcpu, void* udata) {
  (void)vcpu;
  const uint64_t now = executed++;
  switch ((enum event)(uintptr_t)udata) {
    case EV_OPEN:
      open_ = 1;
      at_open = now;
      wfis = irqs = 0;
      break;
    case EV_WFI:
      if (!open_) break;
      if (wfis++ == 0) first_wfi = now;
      last_wfi = now;
      break;
    case EV_IRQ:
      if (open_) ++irqs;
      break;
    case EV_CLOSE: {
      if (!open_) break;
      open_ = 0;
      if (wfis == 0) first_wfi = last_wfi = now;  /* never slept */
      const uint64_t asleep = last_wfi - first_wfi;
      printf("idle second: %" PRIu64 " instructions, %" PRIu64 " interrupts (%" PRIu64 " WFI; %" PRIu64
             " instructions to fall asleep, %" PRIu64 " from the last WFI to the task running again); bound %" PRIu64
             ": %s\n",
             asleep, irqs, wfis, first_wfi - at_open, now - last_wfi, bound,
             wfis > 0 && asleep <= bound ? "ok" : "FAILED");
      fflush(stdout);
      break;
    }
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
      memcpy(&op, qemu_plugin_insn_data(insn), 2);  /* little-endian guest and host */
      if (op == 0x46D2) ev = EV_OPEN;   /* mov r10, r10 */
      if (op == 0x46DB) ev = EV_CLOSE;  /* mov r11, r11 */
      if (op == 0x46C9) ev = EV_IRQ;    /* mov r9, r9 */
      if (op == 0xBF30) ev = EV_WFI;    /* wfi */
    }
    if (ev >= 0) {
      qemu_plugin_register_vcpu_insn_exec_cb(insn, on_event, QEMU_PLUGIN_CB_NO_REGS, (void*)(uintptr_t)ev);
    } else {
      qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &executed, 1);
    }
  }
}

EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t* info, int argc, char** argv) {
  (void)info;
  for (int i = 0; i < argc; ++i) {
    if (strncmp(argv[i], "bound=", 6) == 0) bound = strtoull(argv[i] + 6, NULL, 10);
  }
  qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
  return 0;
}
