# shilu_add_module(NAME [DEPS mod...] [PRIVATE_LIBS lib...])
# One static library per lib/<NAME>/ module: sources lib/<NAME>/src/*.cc, public
# header lib/<NAME>/include/shilu/<NAME>.h, target shilu_<NAME>, alias shilu::<NAME>.
function(shilu_add_module name)
  cmake_parse_arguments(M "" "" "DEPS;PRIVATE_LIBS" ${ARGN})
  file(GLOB _srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/src/*.cc)
  add_library(shilu_${name} STATIC ${_srcs})
  add_library(shilu::${name} ALIAS shilu_${name})
  set_target_properties(shilu_${name} PROPERTIES EXPORT_NAME ${name} POSITION_INDEPENDENT_CODE ON)
  target_compile_features(shilu_${name} PUBLIC cxx_std_20)
  target_include_directories(shilu_${name}
    PUBLIC $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include> $<INSTALL_INTERFACE:include>
    PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  foreach(d ${M_DEPS})
    target_link_libraries(shilu_${name} PUBLIC shilu_${d})
  endforeach()
  if(M_PRIVATE_LIBS)
    target_link_libraries(shilu_${name} PRIVATE ${M_PRIVATE_LIBS})
  endif()
  target_compile_options(shilu_${name} PRIVATE ${SHILU_WARNINGS})
  set_property(GLOBAL APPEND PROPERTY SHILU_MODULES shilu_${name})
  install(DIRECTORY include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endfunction()

# shilu_add_test(NAME LIBS lib... [LABELS l...])
# tests/<NAME>/*.cc → test_<NAME> (doctest), registered with ctest.
function(shilu_add_test name)
  cmake_parse_arguments(T "" "" "LIBS;LABELS" ${ARGN})
  file(GLOB _srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  add_executable(test_${name} ${_srcs} ${PROJECT_SOURCE_DIR}/tests/common/doctest_main.cc)
  target_link_libraries(test_${name} PRIVATE ${T_LIBS} doctest::doctest)
  target_include_directories(test_${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
  target_compile_definitions(test_${name} PRIVATE
    SHILU_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    SHILU_RESOURCES_DIR="${PROJECT_SOURCE_DIR}/corpus/resources")
  target_compile_options(test_${name} PRIVATE ${SHILU_WARNINGS})
  if(NOT T_LABELS)
    set(T_LABELS unit)
  endif()
  add_test(NAME ${name} COMMAND test_${name})
  set_tests_properties(${name} PROPERTIES LABELS "${T_LABELS}" TIMEOUT 300)
endfunction()
