# The seed demo in a web page (wasm32 only; included by examples/CMakeLists.txt). The build puts
# the whole site in build/<preset>/examples/web/: index.html, app.mjs, mote.mjs and web.wasm.
#   cmake --build --preset wasm32 --target serve-web     serves it on http://127.0.0.1:8000/
# (wasm is fetched, so a page opened as file:// cannot load it). example.web opens it in headless
# Chromium (tests/web/web_test.py); the target web-screenshot refreshes docs/images/web-demo.png.
set(_web_dir "${CMAKE_CURRENT_BINARY_DIR}/web")
mote_add_firmware(web "${CMAKE_CURRENT_LIST_DIR}/main.cpp")
set_target_properties(web PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${_web_dir}")

set(_web_files "${CMAKE_CURRENT_LIST_DIR}/index.html" "${CMAKE_CURRENT_LIST_DIR}/app.mjs"
               "${MOTE_ROOT}/platform/wasm/js/mote.mjs")
set(_web_copies "")
foreach(_file IN LISTS _web_files)
  get_filename_component(_name "${_file}" NAME)
  add_custom_command(OUTPUT "${_web_dir}/${_name}"
    COMMAND ${CMAKE_COMMAND} -E copy_if_different "${_file}" "${_web_dir}/${_name}"
    DEPENDS "${_file}" VERBATIM)
  list(APPEND _web_copies "${_web_dir}/${_name}")
endforeach()
add_custom_target(web_site ALL DEPENDS ${_web_copies} web)

find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_custom_target(serve-web
  COMMAND ${Python3_EXECUTABLE} -m http.server --bind 127.0.0.1 --directory "${_web_dir}" 8000
  DEPENDS web_site USES_TERMINAL VERBATIM)

# The page in headless Chromium: the LED toggles, the plot grows, the console answers.
find_program(MOTE_CHROMIUM NAMES chromium chromium-browser)
add_test(NAME example.web
  COMMAND ${Python3_EXECUTABLE} "${MOTE_ROOT}/tests/web/web_test.py" --site "${_web_dir}"
          --chromium "${MOTE_CHROMIUM}" --screenshot "${CMAKE_CURRENT_BINARY_DIR}/web-demo.png")
set_tests_properties(example.web PROPERTIES TIMEOUT 120)
add_custom_target(web-screenshot
  COMMAND ${Python3_EXECUTABLE} "${MOTE_ROOT}/tests/web/web_test.py" --site "${_web_dir}"
          --chromium "${MOTE_CHROMIUM}" --screenshot "${MOTE_ROOT}/docs/images/web-demo.png"
  DEPENDS web_site USES_TERMINAL VERBATIM)
