# Options and definitions shared by the in-tree and the standalone build.

# The ns-3 version as our own define, so code can switch on API renames (e.g. the test API of
# ns-3.42). In a tree, ns-3's VERSION file says it; standalone, find_package(ns3) does.
if(NOT DEFINED AI_FABRIC_NS3_VERSION)
  if(EXISTS ${PROJECT_SOURCE_DIR}/VERSION)
    file(STRINGS ${PROJECT_SOURCE_DIR}/VERSION AI_FABRIC_NS3_VERSION LIMIT_COUNT 1)
  else()
    set(AI_FABRIC_NS3_VERSION "3.37")
  endif()
endif()
string(REGEX MATCH "^([0-9]+)\\.([0-9]+)" _aif_match "${AI_FABRIC_NS3_VERSION}")
set(AI_FABRIC_NS3_VERSION_MAJOR ${CMAKE_MATCH_1})
set(AI_FABRIC_NS3_VERSION_MINOR ${CMAKE_MATCH_2})

file(STRINGS ${CMAKE_CURRENT_LIST_DIR}/../VERSION AI_FABRIC_VERSION LIMIT_COUNT 1)

add_compile_definitions(
  AI_FABRIC_NS3_VERSION_MAJOR=${AI_FABRIC_NS3_VERSION_MAJOR}
  AI_FABRIC_NS3_VERSION_MINOR=${AI_FABRIC_NS3_VERSION_MINOR}
  AI_FABRIC_VERSION="${AI_FABRIC_VERSION}"
  AI_FABRIC_NS3_VERSION="${AI_FABRIC_NS3_VERSION}"
)

if(NOT COMMAND ai_fabric_finish)
  # In a tree, ns-3 registers tests and examples itself.
  function(ai_fabric_finish)
  endfunction()
endif()
