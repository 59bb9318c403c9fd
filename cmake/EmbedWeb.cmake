# Embeds the dashboard's files (web/ and the chart library from node_modules/) into a generated C++
# source of byte arrays, at build time: a custom command reruns cmake/EmbedWebScript.cmake whenever a
# file changes, without re-running CMake. live/web_assets.h declares what it defines.
#
#   dealer_embed_web(out_var
#     ASSETS /            web/index.html
#            /app.js      web/app.js)
#
# Every file must exist when CMake configures: a missing chart library says to run scripts/setup.
function(dealer_embed_web out_var)
  cmake_parse_arguments(E "" "" "ASSETS" ${ARGN})
  set(pairs "")
  set(files "")
  while(E_ASSETS)
    list(POP_FRONT E_ASSETS url path)
    set(file "${CMAKE_CURRENT_SOURCE_DIR}/${path}")
    if(NOT EXISTS "${file}")
      message(FATAL_ERROR "${path} is missing: run scripts/setup (it installs the dashboard's chart "
                          "library with npm ci)")
    endif()
    list(APPEND pairs "${url}|${file}")
    list(APPEND files "${file}")
  endwhile()
  set(out "${CMAKE_CURRENT_BINARY_DIR}/generated/web_assets.cpp")
  string(REPLACE ";" "," assets "${pairs}")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} "-DASSETS=${assets}" "-DOUT=${out}" -P "${CMAKE_CURRENT_SOURCE_DIR}/cmake/EmbedWebScript.cmake"
    DEPENDS ${files} "${CMAKE_CURRENT_SOURCE_DIR}/cmake/EmbedWebScript.cmake"
    COMMENT "Embedding the dashboard (web/)"
    VERBATIM)
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()
