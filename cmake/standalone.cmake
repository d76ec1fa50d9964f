# Standalone build of ai-fabric against an installed ns-3 (e.g. Debian's libns3-dev 3.37).
# Included after project(); defines stand-ins for ns-3's build_lib / build_lib_example so the module's CMakeLists.txt is
# the same in both modes.
set(CMAKE_CXX_STANDARD 17)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
if(NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE Release)
endif()

# Logging costs time on per-packet paths: off by default in optimized builds, on in debug ones.
if(CMAKE_BUILD_TYPE MATCHES "^(Release|MinSizeRel)$")
  set(_aif_log_default OFF)
else()
  set(_aif_log_default ON)
endif()
option(AI_FABRIC_LOG "Compile NS_LOG statements (NS3_LOG_ENABLE)" ${_aif_log_default})
option(AI_FABRIC_ASSERT "Compile NS_ASSERT checks (NS3_ASSERT_ENABLE)" ON)
option(AI_FABRIC_EXAMPLES "Build the example programs" ON)
option(AI_FABRIC_TESTS "Build the test runner and register the test suites with CTest" ON)

# find_package(ns3 3.37) would demand an exact version match; check the version ourselves.
find_package(ns3 REQUIRED)
if(ns3_VERSION VERSION_LESS 3.37)
  message(FATAL_ERROR "ai-fabric needs ns-3 3.37 or newer; found ${ns3_VERSION}")
endif()
set(AI_FABRIC_NS3_VERSION ${ns3_VERSION})
message(STATUS "ai-fabric: building against installed ns-3 ${ns3_VERSION}")

# The results database writes SQLite files through the C API (Debian: libsqlite3-dev).
find_package(SQLite3 REQUIRED)

# Installed ns-3 before 3.40 exports no compile definitions: without these every NS_LOG and
# NS_ASSERT silently compiles to nothing.
if(AI_FABRIC_LOG)
  add_compile_definitions(NS3_LOG_ENABLE)
endif()
if(AI_FABRIC_ASSERT)
  add_compile_definitions(NS3_ASSERT_ENABLE)
endif()

# Map ns-3 module names to imported targets: ns3::libcore (<= 3.42) or ns3::core (newer).
foreach(_mod core network internet applications stats traffic-control point-to-point bridge csma
             mpi flow-monitor)
  if(TARGET ns3::lib${_mod})
    set(lib${_mod} ns3::lib${_mod})
  elseif(TARGET ns3::${_mod})
    set(lib${_mod} ns3::${_mod})
  endif()
endforeach()

if(AI_FABRIC_TESTS)
  enable_testing()
endif()

set(AI_FABRIC_INCLUDE_DIR ${CMAKE_BINARY_DIR}/include)
set(AI_FABRIC_OUTPUT_DIR ${CMAKE_BINARY_DIR}/bin)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)

# Headers are reached as "ns3/<basename>", as in an ns-3 tree: copy them into include/ns3.
function(ai_fabric_stage_headers)
  foreach(_h ${ARGN})
    get_filename_component(_base ${_h} NAME)
    configure_file(${CMAKE_CURRENT_SOURCE_DIR}/${_h} ${AI_FABRIC_INCLUDE_DIR}/ns3/${_base} COPYONLY)
  endforeach()
endfunction()

function(build_lib)
  cmake_parse_arguments("BLIB" "IGNORE_PCH" "LIBNAME"
    "SOURCE_FILES;HEADER_FILES;LIBRARIES_TO_LINK;TEST_SOURCES;DEPRECATED_HEADER_FILES;MODULE_ENABLED_FEATURES;PRIVATE_HEADER_FILES"
    ${ARGN})
  set(_lib ns3-${BLIB_LIBNAME})
  ai_fabric_stage_headers(${BLIB_HEADER_FILES})
  # The module header, as ns-3 writes it in a tree.
  set(_mh "#ifndef AI_FABRIC_MODULE_H\n#define AI_FABRIC_MODULE_H\n")
  foreach(_h ${BLIB_HEADER_FILES})
    get_filename_component(_base ${_h} NAME)
    string(APPEND _mh "#include \"ns3/${_base}\"\n")
  endforeach()
  string(APPEND _mh "#endif\n")
  file(WRITE ${AI_FABRIC_INCLUDE_DIR}/ns3/${BLIB_LIBNAME}-module.h.tmp "${_mh}")
  configure_file(${AI_FABRIC_INCLUDE_DIR}/ns3/${BLIB_LIBNAME}-module.h.tmp
                 ${AI_FABRIC_INCLUDE_DIR}/ns3/${BLIB_LIBNAME}-module.h COPYONLY)

  add_library(${_lib} SHARED ${BLIB_SOURCE_FILES})
  target_include_directories(${_lib} PUBLIC ${AI_FABRIC_INCLUDE_DIR})
  target_compile_definitions(${_lib} PRIVATE NS3_MODULE_COMPILATION)
  target_link_libraries(${_lib} PUBLIC ${BLIB_LIBRARIES_TO_LINK})
  set_target_properties(${_lib} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/lib)

  set(AI_FABRIC_LIB ${_lib})
  set(AI_FABRIC_LIB ${_lib} PARENT_SCOPE)
  set(AI_FABRIC_TEST_SOURCES ${BLIB_TEST_SOURCES} PARENT_SCOPE)
  set(BLIB_LIBNAME ${BLIB_LIBNAME})
  if(AI_FABRIC_EXAMPLES AND EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/examples/CMakeLists.txt)
    add_subdirectory(examples)
  endif()
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/bench/CMakeLists.txt)
    add_subdirectory(bench)
  endif()
endfunction()

function(build_lib_example)
  cmake_parse_arguments("BLIB_EXAMPLE" "IGNORE_PCH" "NAME" "SOURCE_FILES;HEADER_FILES;LIBRARIES_TO_LINK"
    ${ARGN})
  add_executable(${BLIB_EXAMPLE_NAME} ${BLIB_EXAMPLE_SOURCE_FILES})
  # Static registration (TypeIds, test suites) needs every library kept.
  target_link_libraries(${BLIB_EXAMPLE_NAME} PRIVATE -Wl,--no-as-needed ns3-${BLIB_LIBNAME}
                                                     ${BLIB_EXAMPLE_LIBRARIES_TO_LINK})
  set_target_properties(${BLIB_EXAMPLE_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY
                                                        ${AI_FABRIC_OUTPUT_DIR})
endfunction()

# Called at the end of CMakeLists.txt: the CTest test runner, one CTest test per suite.
function(ai_fabric_finish)
  if(NOT AI_FABRIC_TESTS)
    return()
  endif()
  set(_runner ai-fabric-test-runner)
  add_executable(${_runner} ${CMAKE_CURRENT_SOURCE_DIR}/test/standalone/test-runner-main.cc
                            ${AI_FABRIC_TEST_SOURCES})
  target_link_libraries(${_runner} PRIVATE -Wl,--no-as-needed ${AI_FABRIC_LIB} ${libcore}
                                           ${libnetwork} ${libinternet} ${libapplications})
  target_include_directories(${_runner} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/test)
  set_target_properties(${_runner} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${AI_FABRIC_OUTPUT_DIR})
  # One CTest test per suite; suite names are listed in test/suites.txt (checked by a test).
  file(STRINGS ${CMAKE_CURRENT_SOURCE_DIR}/test/suites.txt _suites REGEX "^[a-z]")
  foreach(_s ${_suites})
    add_test(NAME ${_s} COMMAND ${_runner} --test-name=${_s} --stop-on-failure
             WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR})
  endforeach()
endfunction()
