// Link-fail test (never run): static data so large that, with the main stack's reserve, no
// RAM is left for the frame arena. The board's linker script must refuse it with its ASSERT
// ("... leave no room for the task-frame arena"), so the mistake shows at link time, not as a
// failed spawn at run time. MOTE_TEST_HOG_BYTES (tests/target/CMakeLists.txt): the board's RAM
// minus its stack reserve, plus 16.
#include <mote/mote.hpp>

namespace {
volatile unsigned char g_hog[MOTE_TEST_HOG_BYTES];  // .bss; volatile: kept by --gc-sections
}

MOTE_MAIN(spawner) {
  (void)spawner;
  g_hog[0] = 1;
  co_return;
}
