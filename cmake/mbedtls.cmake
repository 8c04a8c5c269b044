# mbedtls.cmake: mbedTLS, fetched from Debian's source package at configure time (never
# committed), built with mote's minimal configuration (SHA-256 + ECDSA P-256 verification,
# src/boot/mbedtls/mote_mbedtls_config.h), and the mote::boot library (image checks, crypto
# glue) on top. The bootloader and updater templates are header-only (mote/boot/*.hpp).
# docs/boot.md.
# Options:
#   MOTE_BOOT            build mote::boot and its tests (default ON)
#   MOTE_MBEDTLS_CACHE   where the download and the unpacked tree go (default: the environment's
#                        MOTE_MBEDTLS_CACHE, else <build>/_deps/mbedtls); share it between trees
#   MOTE_BOOT_CRYPTO_HEAP_BYTES  the static buffer mbedTLS's bignums allocate from
include_guard(GLOBAL)

option(MOTE_BOOT "Build mote::boot (mbedTLS) and its tests" ON)
set(MOTE_MBEDTLS_VERSION 2.28)  # Debian 12's mbedtls (2.28.3), the LTS branch
set(MOTE_MBEDTLS_CACHE "$ENV{MOTE_MBEDTLS_CACHE}" CACHE PATH "mbedTLS download cache (default <build>/_deps/mbedtls)")
set(MOTE_BOOT_CRYPTO_HEAP_BYTES 6144 CACHE STRING "static buffer for mbedTLS's bignums (ECDSA P-256 verify)")

# Defines mote_mbedtls and mote_boot (alias mote::boot) once; sets MOTE_BOOT_AVAILABLE in the caller.
function(mote_boot_define_library)
  get_property(_done GLOBAL PROPERTY MOTE_BOOT_DEFINED SET)
  if(_done)
    get_property(_avail GLOBAL PROPERTY MOTE_BOOT_DEFINED)
    set(MOTE_BOOT_AVAILABLE ${_avail} PARENT_SCOPE)
    return()
  endif()
  set_property(GLOBAL PROPERTY MOTE_BOOT_DEFINED OFF)
  set(MOTE_BOOT_AVAILABLE OFF PARENT_SCOPE)
  if(NOT MOTE_BOOT)
    return()
  endif()
  set(_cache "${MOTE_MBEDTLS_CACHE}")
  if(NOT _cache)
    set(_cache "${CMAKE_BINARY_DIR}/_deps/mbedtls")
  endif()
  execute_process(COMMAND "${MOTE_ROOT}/tools/fetch_debian_source.sh" "${_cache}" mbedtls ${MOTE_MBEDTLS_VERSION}
                          library/sha256.c
                  OUTPUT_VARIABLE _dir RESULT_VARIABLE _rc ERROR_VARIABLE _err OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT _rc EQUAL 0 OR NOT EXISTS "${_dir}/library/sha256.c")
    message(WARNING "mote: mbedTLS ${MOTE_MBEDTLS_VERSION} could not be fetched (${_err}); mote::boot and its tests "
                    "are skipped. tools/fetch_debian_source.sh needs apt-get and Debian's archive (docs/boot.md).")
    return()
  endif()
  message(STATUS "mote: mbedTLS ${MOTE_MBEDTLS_VERSION} from ${_dir}")
  set(_lib "${_dir}/library")
  add_library(mote_mbedtls STATIC
    ${_lib}/sha256.c ${_lib}/ecdsa.c ${_lib}/ecp.c ${_lib}/ecp_curves.c ${_lib}/bignum.c ${_lib}/asn1parse.c
    ${_lib}/asn1write.c ${_lib}/constant_time.c ${_lib}/platform.c ${_lib}/platform_util.c
    ${_lib}/memory_buffer_alloc.c)
  target_include_directories(mote_mbedtls SYSTEM PUBLIC "${_dir}/include" "${MOTE_ROOT}/src/boot/mbedtls")
  target_compile_definitions(mote_mbedtls PUBLIC "MBEDTLS_CONFIG_FILE=\"mote_mbedtls_config.h\"")
  # mbedTLS's own code: its warnings are not ours to fix.
  target_compile_options(mote_mbedtls PRIVATE -w)

  add_library(mote_boot STATIC "${MOTE_ROOT}/src/boot/image.cpp" "${MOTE_ROOT}/src/boot/crypto.cpp")
  add_library(mote::boot ALIAS mote_boot)
  target_link_libraries(mote_boot PUBLIC mote_core PRIVATE mote_mbedtls)
  target_compile_definitions(mote_boot PRIVATE MOTE_BOOT_CRYPTO_HEAP_BYTES=${MOTE_BOOT_CRYPTO_HEAP_BYTES})
  target_compile_options(mote_boot PRIVATE -Wall -Wextra -Wshadow)
  set_property(GLOBAL PROPERTY MOTE_BOOT_DEFINED ON)
  set(MOTE_BOOT_AVAILABLE ON PARENT_SCOPE)
endfunction()

# mote_sign_firmware(<target> KEY <private-key.pem> VERSION <major.minor.patch> [BOARD <name>]
#                    [OUTPUT <file.img>])
# After <target> (a firmware linked to run from its partition + 256, docs/boot.md) is built, makes
# its flat binary (objcopy -O binary) and the signed image tools/sign-image writes: by default
# <target>.img next to the ELF, for BOARD (default MOTE_BOARD). Needs Python 3 and openssl.
function(mote_sign_firmware target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "KEY;VERSION;BOARD;OUTPUT" "")
  if(NOT ARG_KEY OR NOT ARG_VERSION)
    message(FATAL_ERROR "mote_sign_firmware(${target}): KEY and VERSION are required")
  endif()
  if(NOT ARG_BOARD)
    set(ARG_BOARD ${MOTE_BOARD})
  endif()
  if(NOT ARG_OUTPUT)
    set(ARG_OUTPUT "$<TARGET_FILE:${target}>.img")
  endif()
  if(CMAKE_OBJCOPY)
    set(_objcopy "${CMAKE_OBJCOPY}")
  else()
    find_program(_objcopy NAMES riscv64-unknown-elf-objcopy arm-none-eabi-objcopy objcopy REQUIRED)
  endif()
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND "${_objcopy}" -O binary "$<TARGET_FILE:${target}>" "$<TARGET_FILE:${target}>.bin"
    COMMAND "${MOTE_ROOT}/tools/sign-image" sign --key "${ARG_KEY}" --version ${ARG_VERSION} --board ${ARG_BOARD}
            "$<TARGET_FILE:${target}>.bin" "${ARG_OUTPUT}"
    COMMENT "Signing ${target} v${ARG_VERSION} for ${ARG_BOARD}"
    VERBATIM)
endfunction()
