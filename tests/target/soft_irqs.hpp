// Three interrupts the firmware tests may pend by software and handle themselves: kSoftIrqA/B/C,
// with the names of their handlers as MOTE_TEST_SOFT_IRQ_A/B/C_HANDLER (defining a function of
// that name overrides the chip's default handler). Each chip that runs these tests provides
// soft_irqs/<chip>.hpp; CMake passes it as MOTE_TEST_SOFT_IRQS_HEADER.
#pragma once

#include MOTE_TEST_SOFT_IRQS_HEADER

static_assert(mote_test::kSoftIrqA != mote_test::kSoftIrqB && mote_test::kSoftIrqB != mote_test::kSoftIrqC &&
                  mote_test::kSoftIrqA != mote_test::kSoftIrqC,
              "the three test interrupts must differ");
