# One static library per source folder (and per subsystem folder under actors/). Each
# library sees, on its include path, a directory that holds a single link to its own
# folder; it sees the folders below it in the layering only through the libraries it
# links. An include that goes the wrong way (storage/ including "actors/...", or
# actors/signals/ including "actors/trading/...") therefore fails to compile.
#
#   tickline_layer(<target> <folder> SOURCES ... [DEPS ...])
#
# <folder> is relative to the source root: "storage", or "actors/trading". The layers,
# lowest first: messages, config, analytics (backtest metrics and reports; it sees
# messages only), storage, runtime, the actors/ subsystems (actors/CMakeLists.txt gives
# their order), tools.
function(tickline_layer target folder)
  cmake_parse_arguments(L "" "" "SOURCES;DEPS" ${ARGN})
  set(view ${CMAKE_BINARY_DIR}/layers/${target})
  get_filename_component(parent ${view}/${folder} DIRECTORY)
  file(MAKE_DIRECTORY ${parent})
  if(NOT EXISTS ${view}/${folder})
    file(CREATE_LINK ${CMAKE_SOURCE_DIR}/${folder} ${view}/${folder} SYMBOLIC)
  endif()
  add_library(${target} STATIC ${L_SOURCES})
  target_include_directories(${target} PUBLIC ${view})
  target_link_libraries(${target} PUBLIC ${L_DEPS})
endfunction()
