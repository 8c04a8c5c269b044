// The host's simulation controls (mote/host.hpp), for the unit tests built for wasm32 only.
//
// The unit tests were written against the host port's virtual clock (mote::host::*). The wasm
// port has the same controls as mote::wasm::* (mote/wasm.hpp); this header, on the unit tests'
// include path only when they are built for wasm32, maps one onto the other so that the test
// sources stay unchanged. No application sees it.
#pragma once

#include "mote/time.hpp"
#include "mote/wasm.hpp"

namespace mote::host {

inline void use_virtual_time(bool enabled) noexcept { mote::wasm::use_virtual_time(enabled); }
inline bool virtual_time() noexcept { return mote::wasm::virtual_time(); }
inline void advance_virtual_time(Duration d) noexcept { mote::wasm::advance_virtual_time(d); }

}  // namespace mote::host
