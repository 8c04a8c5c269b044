// Power-fail safety, exhaustively: a complete update (receive, check, request, swap, confirm)
// and a complete rollback are run once per flash operation, the power cut at that operation
// (SimNorFlash tears it: half-programmed words, half-erased pages), followed by reboots. After
// every reboot the bootloader must start a verified image that is byte for byte either the old
// or the new one, never neither, and the device must still be able to finish the update.
// A second cut during the first recovery boot is tried at every one of its operations too.
#include "boot_fixture.hpp"

namespace {
using namespace boot_test;
using mote::block_on;
using mote::boot::BootAction;
using mote::boot::BootLoader;
using mote::boot::FirmwareUpdater;

constexpr std::uint32_t v1_version = 1u << 24, v2_version = 2u << 24;

struct Device {
  Flash flash{19 * page};
  Layout l = layout(flash);
  std::vector<std::byte> v1 = load("v1"), v2 = load("v2");
  std::uint32_t running = 0;  // the version the last successful boot started

  Device() { factory_program(flash, v1); }

  // One reset: the bootloader runs; true if it got to start an image (false: power cut).
  bool boot() {
    BootLoader<Flash> b(l, policy());
    auto r = b.prepare_boot();
    if (!r) {
      EXPECT_EQ(r.error(), Error::Flash) << "the bootloader failed for another reason than the cut: "
                                        << error_message(r.error());
      EXPECT_TRUE(flash.power_lost());
      return false;
    }
    running = r->image.version;
    EXPECT_TRUE(running == v1_version || running == v2_version) << running;
    EXPECT_TRUE(active_holds(flash, running == v1_version ? v1 : v2)) << "ACTIVE is not exactly the image booted";
    return true;
  }
  // What the running image does: v1 downloads v2, v2 confirms itself. false: power cut.
  bool run_app() {
    FirmwareUpdater<Flash> up(l, policy(running));
    if (running == v1_version) return static_cast<bool>(push_update(up, v2));
    return static_cast<bool>(block_on(up.mark_booted()));
  }
  // Reboots (power restored, no more cuts) until an image starts.
  void recover() {
    flash.restore_power();
    ASSERT_TRUE(boot()) << "no image boots after power came back";
  }
  // From any state: drives the device to v2 confirmed, without cuts.
  void converge() {
    for (int lives = 0; lives < 6; ++lives) {
      if (running == v2_version) {
        FirmwareUpdater<Flash> up(l, policy(running));
        if (*up.state() == mote::boot::UpdateState::Idle) return;
      }
      ASSERT_TRUE(run_app());
      ASSERT_TRUE(boot());
    }
    FAIL() << "the update never completed after the cut";
  }
};

// The whole update: v1 running, receives v2, reset (swap), v2 confirms, reset.
bool update_sequence(Device& d) {
  if (!d.boot()) return false;
  if (!d.run_app()) return false;  // v1 receives v2
  if (!d.boot()) return false;     // swap
  if (!d.run_app()) return false;  // v2 confirms
  return d.boot();
}

std::uint64_t operations_of_a_clean_run(bool (*sequence)(Device&)) {
  Device d;
  const std::uint64_t factory = d.flash.operations();
  EXPECT_TRUE(sequence(d));
  return d.flash.operations() - factory;
}

TEST(BootPowerCut, EveryOperationOfAnUpdateCanBeCut) {
  const std::uint64_t total = operations_of_a_clean_run(update_sequence);
  ASSERT_GT(total, 50u);
  RecordProperty("flash_operations", static_cast<int>(total));
  int new_after_cut = 0, old_after_cut = 0;
  for (std::uint64_t k = 0; k < total; ++k) {
    SCOPED_TRACE("power cut at operation " + std::to_string(k) + " of " + std::to_string(total));
    Device d;
    d.flash.cut_power_after(k);
    ASSERT_FALSE(update_sequence(d));
    d.recover();
    (d.running == v2_version ? new_after_cut : old_after_cut)++;
    d.converge();
    EXPECT_TRUE(active_holds(d.flash, d.v2));
    if (HasFatalFailure()) return;
  }
  // Cuts early in the sequence keep v1, late ones give v2: both outcomes must have occurred.
  EXPECT_GT(new_after_cut, 0);
  EXPECT_GT(old_after_cut, 0);
}

// A rollback: v2 swapped in, never confirmed, reset (revert).
bool rollback_sequence(Device& d) {
  if (!d.boot()) return false;
  return d.boot();  // the revert, then v1 runs
}

TEST(BootPowerCut, EveryOperationOfARollbackCanBeCut) {
  auto prepare = [](Device& d) {
    ASSERT_TRUE(d.boot());
    ASSERT_TRUE(d.run_app());  // v1 receives v2
  };
  std::uint64_t total = 0;
  {
    Device d;
    prepare(d);
    const std::uint64_t before = d.flash.operations();
    ASSERT_TRUE(rollback_sequence(d));
    EXPECT_EQ(d.running, v1_version);
    total = d.flash.operations() - before;
  }
  for (std::uint64_t k = 0; k < total; ++k) {
    SCOPED_TRACE("power cut at rollback operation " + std::to_string(k) + " of " + std::to_string(total));
    Device d;
    prepare(d);
    d.flash.cut_power_after(k);
    ASSERT_FALSE(rollback_sequence(d));
    d.recover();
    // Until the forward swap has finished the new image may still come up once (then it is
    // rolled back on the following reset); after that only v1.
    if (d.running == v2_version) {
      ASSERT_TRUE(d.boot());
    }
    EXPECT_EQ(d.running, v1_version);
    EXPECT_TRUE(active_holds(d.flash, d.v1));
    if (HasFatalFailure()) return;
  }
}

TEST(BootPowerCut, ASecondCutDuringRecoveryIsSurvivedToo) {
  const std::uint64_t total = operations_of_a_clean_run(update_sequence);
  for (std::uint64_t k = 0; k < total; k += 7) {  // every 7th first cut, every second cut
    Device probe;
    probe.flash.cut_power_after(k);
    ASSERT_FALSE(update_sequence(probe));
    probe.flash.restore_power();
    const std::uint64_t before = probe.flash.operations();
    ASSERT_TRUE(probe.boot());
    const std::uint64_t recovery = probe.flash.operations() - before;
    for (std::uint64_t j = 0; j < recovery; ++j) {
      SCOPED_TRACE("cuts at " + std::to_string(k) + " and then at recovery operation " + std::to_string(j));
      Device d;
      d.flash.cut_power_after(k);
      ASSERT_FALSE(update_sequence(d));
      d.flash.restore_power();
      d.flash.cut_power_after(j);
      ASSERT_FALSE(d.boot());
      d.recover();
      d.converge();
      EXPECT_TRUE(active_holds(d.flash, d.v2));
      if (HasFatalFailure()) return;
    }
  }
}

}  // namespace
