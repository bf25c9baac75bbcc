# One static library per source folder. Each library sees, on its include path, a
# directory that holds a single link to its own folder; it sees the folders below
# it in the layering only through the libraries it links. An include that goes
# the wrong way (storage/ including "actors/...") therefore fails to compile.
#
#   tickline_layer(<target> <folder> SOURCES ... [DEPS ...])
#
# The layers, lowest first: messages, config, analytics (backtest metrics and reports;
# it sees messages only), storage, runtime, actors, tools.
function(tickline_layer target folder)
  cmake_parse_arguments(L "" "" "SOURCES;DEPS" ${ARGN})
  set(view ${CMAKE_BINARY_DIR}/layers/${folder})
  file(MAKE_DIRECTORY ${view})
  if(NOT EXISTS ${view}/${folder})
    file(CREATE_LINK ${CMAKE_SOURCE_DIR}/${folder} ${view}/${folder} SYMBOLIC)
  endif()
  add_library(${target} STATIC ${L_SOURCES})
  target_include_directories(${target} PUBLIC ${view})
  target_link_libraries(${target} PUBLIC ${L_DEPS})
endfunction()
