# The target's compile-fail checks are the host's script with the board's FLAGS and DEFINES
# (kept under this name for tests/target/serial/serial_tests.cmake).
include("${CMAKE_CURRENT_LIST_DIR}/../../cmake/check_compile_fail.cmake")
