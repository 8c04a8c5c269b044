// AddressSanitizer poisoning of the frame arena (task_pool.cpp, async_frames.cpp): free slots
// and unused nested-frame space are poisoned, so a use of a dead frame is reported. No-ops in
// every other build. Private to src/.
#pragma once

#include "mote/config.hpp"  // MOTE_ASAN

#if MOTE_ASAN
#include <sanitizer/asan_interface.h>
#define MOTE_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define MOTE_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define MOTE_POISON(p, n) ((void)(p), (void)(n))
#define MOTE_UNPOISON(p, n) ((void)(p), (void)(n))
#endif
