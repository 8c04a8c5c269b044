# Prints a firmware's flash and RAM use after it is linked (cmake -P script).
# Flash = text + data (initial values are stored in flash); RAM = data + bss.
if(NOT SIZE_TOOL)
  return()
endif()
execute_process(COMMAND ${SIZE_TOOL} -B -d "${ELF}" OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  return()
endif()
string(REGEX MATCH "\n *([0-9]+)[ \t]+([0-9]+)[ \t]+([0-9]+)" _ "${out}")
math(EXPR flash "${CMAKE_MATCH_1} + ${CMAKE_MATCH_2}")
math(EXPR ram "${CMAKE_MATCH_2} + ${CMAKE_MATCH_3}")
message("mote: ${NAME}: flash ${flash} B, RAM ${ram} B (text ${CMAKE_MATCH_1}, data ${CMAKE_MATCH_2}, bss ${CMAKE_MATCH_3})")
