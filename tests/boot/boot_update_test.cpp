// mote/boot/firmware_updater.hpp and bootloader.hpp together: an update is received, checked,
// swapped in, confirmed; bad updates are refused with their error and leave the running image
// untouched; an update that never confirms is rolled back on the next reset.
#include "boot_fixture.hpp"

namespace {
using namespace boot_test;
using mote::block_on;
using mote::boot::BootAction;
using mote::boot::BootLoader;
using mote::boot::FirmwareUpdater;
using mote::boot::UpdateState;

struct BootUpdate : ::testing::Test {
  Flash flash{19 * page};
  Layout l = layout(flash);
  std::vector<std::byte> v1 = load("v1"), v2 = load("v2"), v3 = load("v3");
  void SetUp() override {
    ASSERT_TRUE(l.valid());
    factory_program(flash, v1);
  }
  mote::boot::BootReport reset(BootAction expected) {
    BootLoader<Flash> boot(l, policy());
    auto r = boot.prepare_boot();
    EXPECT_TRUE(r) << error_message(r.error());
    if (!r) return {};
    EXPECT_EQ(static_cast<int>(r->action), static_cast<int>(expected));
    return *r;
  }
};

TEST_F(BootUpdate, UpdateSwapsInConfirmsAndStays) {
  EXPECT_EQ(reset(BootAction::Boot).image.version, 1u << 24);
  FirmwareUpdater<Flash> up(l, policy(1u << 24));
  EXPECT_EQ(*up.state(), UpdateState::Idle);
  ASSERT_TRUE(push_update(up, v2));
  EXPECT_EQ(*up.state(), UpdateState::Pending);
  EXPECT_TRUE(active_holds(flash, v1));  // nothing happens before the reset

  EXPECT_EQ(reset(BootAction::Swapped).image.version, 2u << 24);
  EXPECT_TRUE(active_holds(flash, v2));
  FirmwareUpdater<Flash> up2(l, policy(2u << 24));
  EXPECT_EQ(*up2.state(), UpdateState::Trial);
  ASSERT_TRUE(block_on(up2.mark_booted()));
  EXPECT_EQ(*up2.state(), UpdateState::Idle);
  EXPECT_EQ(reset(BootAction::Boot).image.version, 2u << 24);
  EXPECT_EQ(reset(BootAction::Boot).image.version, 2u << 24);
  EXPECT_TRUE(active_holds(flash, v2));
}

TEST_F(BootUpdate, UnconfirmedUpdateRollsBackOnTheNextReset) {
  reset(BootAction::Boot);
  FirmwareUpdater<Flash> up(l, policy(1u << 24));
  ASSERT_TRUE(push_update(up, v2));
  reset(BootAction::Swapped);
  // v2 runs but never calls mark_booted(); the watchdog (or the user) resets.
  EXPECT_EQ(reset(BootAction::RolledBack).image.version, 1u << 24);
  EXPECT_TRUE(active_holds(flash, v1));
  EXPECT_EQ(reset(BootAction::Boot).image.version, 1u << 24);
  FirmwareUpdater<Flash> again(l, policy(1u << 24));
  EXPECT_EQ(*again.state(), UpdateState::Idle);
  // and a later update still works
  ASSERT_TRUE(push_update(again, v3));
  reset(BootAction::Swapped);
  ASSERT_TRUE(block_on(FirmwareUpdater<Flash>(l, policy(3u << 24)).mark_booted()));
  EXPECT_EQ(reset(BootAction::Boot).image.version, 3u << 24);
  EXPECT_TRUE(active_holds(flash, v3));
}

TEST_F(BootUpdate, V2ThenAnUnconfirmedV3RollsBackToV2) {
  FirmwareUpdater<Flash> up(l, policy(1u << 24));
  ASSERT_TRUE(push_update(up, v2));
  reset(BootAction::Swapped);
  FirmwareUpdater<Flash> on_v2(l, policy(2u << 24));
  EXPECT_EQ(block_on(on_v2.begin(static_cast<std::uint32_t>(v3.size()))).error(), Error::NotConfirmed);
  ASSERT_TRUE(block_on(on_v2.mark_booted()));
  ASSERT_TRUE(push_update(on_v2, v3));
  EXPECT_EQ(reset(BootAction::Swapped).image.version, 3u << 24);
  EXPECT_EQ(reset(BootAction::RolledBack).image.version, 2u << 24);
  EXPECT_TRUE(active_holds(flash, v2));
}

TEST_F(BootUpdate, BadUpdatesAreRefusedAndTheRunningImageIsUntouched) {
  FirmwareUpdater<Flash> up(l, policy(1u << 24));
  EXPECT_EQ(push_update(up, load("wrong_board")).error(), Error::WrongBoard);
  EXPECT_EQ(push_update(up, load("other_key")).error(), Error::WrongKey);
  EXPECT_EQ(push_update(up, load("unsigned")).error(), Error::Unsigned);
  EXPECT_EQ(push_update(up, load("too_large")).error(), Error::TooLarge);  // refused by begin
  EXPECT_EQ(push_update(up, load("v0")).error(), Error::VersionRollback);
  auto corrupt = v2;
  corrupt[4000] ^= std::byte{0x10};
  EXPECT_EQ(push_update(up, corrupt).error(), Error::Corrupt);
  auto not_an_image = v2;
  not_an_image[1] = std::byte{0};
  EXPECT_EQ(push_update(up, not_an_image).error(), Error::BadHeader);
  // truncated: begin announces fewer bytes than the header says
  auto cut = std::vector<std::byte>(v2.begin(), v2.begin() + 3000);
  EXPECT_EQ(push_update(up, cut).error(), Error::Truncated);
  // truncated: begin announces all, the transfer stops early
  ASSERT_TRUE(block_on(up.begin(static_cast<std::uint32_t>(v2.size()))));
  ASSERT_TRUE(block_on(up.write(0, std::span<const std::byte>(v2).first(2048))));
  EXPECT_EQ(block_on(up.finish()).error(), Error::Truncated);

  EXPECT_EQ(*up.state(), UpdateState::Idle);
  EXPECT_TRUE(active_holds(flash, v1));
  EXPECT_EQ(reset(BootAction::Boot).image.version, 1u << 24);
  EXPECT_TRUE(active_holds(flash, v1));

  // an older version passes when allowed explicitly
  auto allow = policy(1u << 24);
  allow.allow_downgrade = true;
  FirmwareUpdater<Flash> lenient(l, allow);
  EXPECT_TRUE(push_update(lenient, load("v0")));
}

TEST_F(BootUpdate, MisuseOfTheUpdaterIsTyped) {
  FirmwareUpdater<Flash> up(l, policy(1u << 24));
  const std::array<std::byte, 8> bytes{};
  EXPECT_EQ(block_on(up.write(0, bytes)).error(), Error::NotStarted);
  EXPECT_EQ(block_on(up.finish()).error(), Error::NotStarted);
  EXPECT_EQ(block_on(up.begin(100)).error(), Error::Truncated);
  EXPECT_EQ(block_on(up.begin(8 * page + 1)).error(), Error::TooLarge);
  ASSERT_TRUE(block_on(up.begin(1000)));
  EXPECT_EQ(block_on(up.write(996, bytes)).error(), Error::OutOfRange);
  EXPECT_EQ(block_on(up.write(2, bytes)).error(), Error::NotAligned);
  EXPECT_EQ(block_on(up.write(0, std::span(bytes).first(6))).error(), Error::NotAligned);
  EXPECT_TRUE(block_on(up.write(992, std::span(bytes).first(8))));
  EXPECT_TRUE(block_on(up.write(0, std::span(bytes).first(8))));
  EXPECT_TRUE(active_holds(flash, v1));
}

TEST_F(BootUpdate, OddChunksAndRepeatedChunksWork) {
  FirmwareUpdater<Flash> up(l, policy(1u << 24));
  ASSERT_NE(v3.size() % 4, 0u);  // so the last chunk ends mid write unit
  ASSERT_TRUE(block_on(up.begin(static_cast<std::uint32_t>(v3.size()))));
  // 300-byte chunks (whole 4-byte write units), the last one partial, one sent twice
  for (std::size_t at = 0; at < v3.size(); at += 300) {
    auto piece = std::span<const std::byte>(v3).subspan(at, std::min<std::size_t>(300, v3.size() - at));
    ASSERT_TRUE(block_on(up.write(static_cast<std::uint32_t>(at), piece)));
    if (at == 1200) {
      ASSERT_TRUE(block_on(up.write(static_cast<std::uint32_t>(at), piece)));
    }
  }
  auto h = block_on(up.finish());
  ASSERT_TRUE(h) << error_message(h.error());
  EXPECT_EQ(h->version, 3u << 24);
  reset(BootAction::Swapped);
  EXPECT_TRUE(active_holds(flash, v3));
}

TEST_F(BootUpdate, BootloaderRefusesABadImagePlantedBehindTheUpdatersBack) {
  // A swap request whose DFU image fails the checks (written by something other than the
  // updater, or damaged after finish): the bootloader forgets the request and boots ACTIVE.
  FirmwareUpdater<Flash> up(l, policy(1u << 24));
  ASSERT_TRUE(push_update(up, v2));
  flash.raw()[9 * page + 3000] ^= std::byte{0x01};
  auto r = reset(BootAction::UpdateRejected);
  EXPECT_EQ(r.rejected, Error::Corrupt);
  EXPECT_EQ(r.image.version, 1u << 24);
  EXPECT_TRUE(active_holds(flash, v1));
  reset(BootAction::Boot);
}

TEST_F(BootUpdate, BootloaderRefusesAnOlderImageUnlessAllowed) {
  // v3 installed and confirmed; an old v2 lands in DFU with a swap request (as a lenient updater
  // would leave it): the bootloader compares it with ACTIVE itself.
  factory_program(flash, v3);
  FirmwareUpdater<Flash> lenient(l, [] {
    auto p = policy(3u << 24);
    p.allow_downgrade = true;
    return p;
  }());
  ASSERT_TRUE(push_update(lenient, v2));
  auto r = reset(BootAction::UpdateRejected);
  EXPECT_EQ(r.rejected, Error::VersionRollback);
  EXPECT_EQ(r.image.version, 3u << 24);
  EXPECT_TRUE(active_holds(flash, v3));
  // With downgrades allowed in the bootloader too, the same request installs v2.
  ASSERT_TRUE(push_update(lenient, v2));
  auto allow = policy();
  allow.allow_downgrade = true;
  auto installed = BootLoader<Flash>(l, allow).prepare_boot();
  ASSERT_TRUE(installed);
  EXPECT_EQ(installed->action, BootAction::Swapped);
  EXPECT_TRUE(active_holds(flash, v2));
}

TEST_F(BootUpdate, ANewBeginCancelsAPendingUpdate) {
  FirmwareUpdater<Flash> up(l, policy(1u << 24));
  ASSERT_TRUE(push_update(up, v2));
  EXPECT_EQ(*up.state(), UpdateState::Pending);
  ASSERT_TRUE(block_on(up.begin(static_cast<std::uint32_t>(v3.size()))));  // then the transfer breaks off
  EXPECT_EQ(*up.state(), UpdateState::Receiving);
  FirmwareUpdater<Flash> after_reset(l, policy(1u << 24));
  EXPECT_EQ(*after_reset.state(), UpdateState::Idle);
  EXPECT_EQ(reset(BootAction::Boot).image.version, 1u << 24);
  EXPECT_TRUE(active_holds(flash, v1));
}

TEST_F(BootUpdate, NoValidImageIsReported) {
  flash.raw()[1 * page + 500] ^= std::byte{0x01};
  BootLoader<Flash> boot(l, policy());
  EXPECT_EQ(boot.prepare_boot().error(), Error::NoValidImage);
}

TEST_F(BootUpdate, WithoutTheCheckOnEveryBootOnlyTheHeaderIsReadWhenNothingIsInstalled) {
  const mote::boot::BootOptions header_only{.verify_active_each_boot = false};
  flash.raw()[1 * page + 500] ^= std::byte{0x01};  // a payload bit: only a full check sees it
  auto r = BootLoader<Flash>(l, policy(), header_only).prepare_boot();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->image.version, 1u << 24);
  flash.raw()[1 * page + 0] ^= std::byte{0x01};  // the magic: not an image at all
  EXPECT_EQ(BootLoader<Flash>(l, policy(), header_only).prepare_boot().error(), Error::NoValidImage);
  // Swaps still verify fully: a good update installs and is checked after the swap.
  factory_program(flash, v1);
  FirmwareUpdater<Flash> up(l, policy(1u << 24));
  ASSERT_TRUE(push_update(up, v2));
  auto swapped = BootLoader<Flash>(l, policy(), header_only).prepare_boot();
  ASSERT_TRUE(swapped);
  EXPECT_EQ(swapped->action, BootAction::Swapped);
}

}  // namespace

namespace {
using namespace boot_test;

// Flash wear of one update (docs/boot.md): an image of n pages costs n DFU erases to receive,
// one STATE erase, and 2n erases to swap (n in ACTIVE, n in DFU); each page is erased at most
// twice. A rollback adds 2n more.
TEST(BootWear, OneUpdateErasesEachPageAtMostTwice) {
  Flash flash{19 * page};
  Layout l = layout(flash);
  const auto v1 = load("v1"), v2 = load("v2");
  factory_program(flash, v1);
  auto wear = [&] {
    std::vector<std::uint32_t> w;
    for (std::uint32_t p = 0; p < 19; ++p) w.push_back(flash.erase_count(p));
    return w;
  };
  auto erased_pages = [](const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
    std::uint32_t sum = 0, most = 0;
    for (std::size_t p = 0; p < a.size(); ++p) {
      sum += b[p] - a[p];
      most = std::max(most, b[p] - a[p]);
    }
    return std::pair(sum, most);
  };
  const auto w0 = wear();
  const std::uint64_t writes0 = flash.writes();
  mote::boot::FirmwareUpdater<Flash> up(l, policy(1u << 24));
  ASSERT_TRUE(push_update(up, v2));
  const auto w1 = wear();
  ASSERT_TRUE(mote::boot::BootLoader<Flash>(l, policy()).prepare_boot());
  ASSERT_TRUE(mote::block_on(mote::boot::FirmwareUpdater<Flash>(l, policy(2u << 24)).mark_booted()));
  const auto w2 = wear();
  const std::uint32_t n = static_cast<std::uint32_t>((v2.size() + page - 1) / page);
  EXPECT_EQ(erased_pages(w0, w1).first, n + 1u);  // DFU pages + STATE
  const auto [total, most] = erased_pages(w0, w2);
  EXPECT_EQ(total, 3u * n + 1u);
  EXPECT_LE(most, 2u);
  std::printf("update of %zu bytes (%u pages of %u): %u page erases, %llu writes\n", v2.size(), n, page, total,
              static_cast<unsigned long long>(flash.writes() - writes0));
}

}  // namespace
