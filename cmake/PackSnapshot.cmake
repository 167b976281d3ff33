# The bundled parsed-pack snapshots (adapters/yaml/include/shebao/yaml/pack_cache.h): runs the
# freshly built shebao over the bundled packs with its cache pointed at a new folder, once without
# and once with the golden cases, and puts the snapshots it writes where shebao looks for them
# (OUT: <build>/share/shebao/pack-cache, beside <build>/bin). They are keyed by that binary's
# build-id and the packs' bytes, so a rebuilt shebao or an edited pack simply misses them.
# Never fails the build: without snapshots shebao parses the YAML as before.
#
#   cmake -DSHEBAO=<shebao> -DPOLICIES=<packs folder> -DOUT=<folder> [-DSTAMP=<file>] -P PackSnapshot.cmake
foreach(var SHEBAO POLICIES OUT)
  if(NOT ${var})
    message(FATAL_ERROR "PackSnapshot.cmake: -D${var}=... is required")
  endif()
endforeach()

set(tmp "${OUT}.tmp")
file(REMOVE_RECURSE "${tmp}")
file(MAKE_DIRECTORY "${tmp}")
# shebao writes only into a folder no one else may write to; readable by all, as an install would be.
file(CHMOD "${tmp}" DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
  WORLD_READ WORLD_EXECUTE)
set(ENV{SHEBAO_CACHE_DIR} "${tmp}")
set(ENV{SHEBAO_BUNDLED_CACHE_DIR} "off")
# `policies list` loads the packs as evaluate, serve and batch do; `policies lint` with the golden cases.
execute_process(COMMAND "${SHEBAO}" policies --policies "${POLICIES}" list OUTPUT_QUIET ERROR_QUIET)
execute_process(COMMAND "${SHEBAO}" policies lint "${POLICIES}" OUTPUT_QUIET ERROR_QUIET)
file(GLOB snapshots "${tmp}/pack-*.snap")
file(GLOB leftovers "${tmp}/.tmp-*")
if(leftovers)
  file(REMOVE ${leftovers})
endif()
if(snapshots)
  file(CHMOD ${snapshots} PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
endif()
file(REMOVE_RECURSE "${OUT}")
file(RENAME "${tmp}" "${OUT}")
list(LENGTH snapshots count)
if(count EQUAL 0)
  message(STATUS "shebao: no bundled pack snapshot was written (the packs are parsed on first use)")
endif()
if(STAMP)
  file(TOUCH "${STAMP}")
endif()
