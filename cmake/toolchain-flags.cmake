# toolchain-flags.cmake: the compile flags every firmware toolchain file sets the same way
# (included by cmake/toolchain-{arm-none-eabi,arm-clang,riscv32,riscv32-clang}.cmake).
#
#   mote_toolchain_flags("<flags for C, C++ and assembly>" "<flags for C++ only>")
#
# C++ on targets: no exceptions, no RTTI, no guard variables for local statics (one thread-mode
# context; interrupts must not race a first-time initialisation), and static destructors
# registered with atexit (which the ports ignore: firmware never returns). The build types keep
# the common flags' -Os unless they say otherwise: Debug means -O0.
include_guard(GLOBAL)

macro(mote_toolchain_flags common cxx_only)
  set(CMAKE_C_FLAGS_INIT "${common}")
  set(CMAKE_CXX_FLAGS_INIT "${common} ${cxx_only} -fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-use-cxa-atexit")
  set(CMAKE_ASM_FLAGS_INIT "${common}")
  set(CMAKE_C_FLAGS_DEBUG_INIT "-O0 -g")
  set(CMAKE_CXX_FLAGS_DEBUG_INIT "-O0 -g")
  foreach(_lang C CXX ASM)
    set(CMAKE_${_lang}_FLAGS_RELEASE_INIT "-DNDEBUG")
    set(CMAKE_${_lang}_FLAGS_RELWITHDEBINFO_INIT "-g -DNDEBUG")
    set(CMAKE_${_lang}_FLAGS_MINSIZEREL_INIT "-DNDEBUG")
  endforeach()
endmacro()
