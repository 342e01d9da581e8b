# One module = one folder under src/ = one static library named db2kafka_<module>.
# DEPENDS lists the other modules (or external targets) it may use; tools/check_module_deps
# holds the allowed table and CI fails when an #include crosses it.
function(db2kafka_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS" ${ARGN})
  add_library(db2kafka_${name} STATIC ${ARG_SOURCES})
  target_include_directories(db2kafka_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src ${PROJECT_BINARY_DIR}/src)
  target_link_libraries(db2kafka_${name} PUBLIC ${ARG_DEPENDS})
endfunction()

# A GoogleTest binary registered with CTest. LABELS: unit, integration, e2e, slow.
# Integration tests read the servers from the environment that scripts/testenv writes.
# RESOURCE_LOCK names a shared server the test changes (derby): such tests run one at a time,
# because concurrent DDL on Derby's catalog can deadlock.
function(db2kafka_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;DEPENDS;LABELS;RESOURCE_LOCK" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPENDS} GTest::gtest GTest::gtest_main GTest::gmock)
  target_compile_definitions(${name} PRIVATE DB2KAFKA_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  add_test(NAME ${name} COMMAND ${name} --gtest_brief=1)
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT})
  if(ARG_RESOURCE_LOCK)
    set_tests_properties(${name} PROPERTIES RESOURCE_LOCK "${ARG_RESOURCE_LOCK}")
  endif()
endfunction()
