// mote/boot/image.hpp and verify.hpp: images made by tools/sign-image verify, and each kind of
// bad image is refused with its own error.
#include "boot_fixture.hpp"

namespace {
using namespace boot_test;
using mote::boot::verify_image;

struct BootImage : ::testing::Test {
  Flash flash{19 * page};
  Layout l = layout(flash);
  mote::boot::ImagePolicy p = policy();
  mote::Result<mote::boot::ImageHeader, Error> check(const std::vector<std::byte>& image) {
    factory_program(flash, image);
    return verify_image(l.active, p, static_cast<std::uint32_t>(image.size()));
  }
};

TEST_F(BootImage, SignedImageVerifiesAndItsHeaderReads) {
  auto h = check(load("v2"));
  ASSERT_TRUE(h) << error_message(h.error());
  EXPECT_EQ(h->version, 2u << 24);
  EXPECT_EQ(h->payload_size, 5000u);
  EXPECT_EQ(h->board_name(), "host");
  char text[16];
  EXPECT_STREQ(mote::boot::format_version(h->version, text), "2.0.0");
}

TEST_F(BootImage, EachBadImageHasItsError) {
  EXPECT_EQ(check(load("wrong_board")).error(), Error::WrongBoard);
  EXPECT_EQ(check(load("other_key")).error(), Error::WrongKey);
  EXPECT_EQ(check(load("unsigned")).error(), Error::Unsigned);
  EXPECT_EQ(check(load("too_large")).error(), Error::TooLarge);

  auto corrupt = load("v2");
  corrupt[1000] ^= std::byte{0x01};  // one bit of the payload
  EXPECT_EQ(check(corrupt).error(), Error::Corrupt);
  auto header_changed = load("v2");
  header_changed[12] = std::byte{0x07};  // the version field, covered by the digest
  EXPECT_EQ(check(header_changed).error(), Error::Corrupt);
  auto resigned_digest = load("v2");  // payload changed and the digest recomputed: the signature catches it
  resigned_digest[2000] ^= std::byte{0x80};
  {
    mote::boot::Sha256 sha;
    sha.update(std::span(resigned_digest).first(96));
    sha.update(std::span(resigned_digest).subspan(256));
    auto d = sha.finish();
    std::memcpy(resigned_digest.data() + 96, d.data(), 32);
  }
  EXPECT_EQ(check(resigned_digest).error(), Error::WrongKey);
  auto not_an_image = load("v2");
  not_an_image[0] = std::byte{'X'};
  EXPECT_EQ(check(not_an_image).error(), Error::BadHeader);

  auto v2 = load("v2");
  factory_program(flash, v2);
  EXPECT_EQ(verify_image(l.active, p, static_cast<std::uint32_t>(v2.size() - 1)).error(), Error::Truncated);
  EXPECT_EQ(verify_image(l.active, p, 100).error(), Error::Truncated);
}

TEST_F(BootImage, OlderVersionIsRefusedUnlessAllowed) {
  p.min_version = 1u << 24;
  EXPECT_EQ(check(load("v0")).error(), Error::VersionRollback);
  EXPECT_TRUE(check(load("v1")));  // the same version is not a rollback
  p.allow_downgrade = true;
  EXPECT_TRUE(check(load("v0")));
}

TEST_F(BootImage, WrongPublicKeyIsRefusedNotCrashed) {
  p.key.fill(0x04);  // not a point on P-256
  EXPECT_EQ(check(load("v1")).error(), Error::WrongKey);
}

TEST(BootErrors, EveryErrorHasAMessage) {
  for (int e = 0; e <= static_cast<int>(Error::NoValidImage); ++e) {
    EXPECT_STRNE(mote::boot::error_message(static_cast<Error>(e)), "boot: error");
  }
}

}  // namespace
