# The FORMAUTO_FUZZ configuration (./build.sh fuzz, in its own build directory): the daemon's
# libraries instrumented for libFuzzer with ASan and UBSan, then the fuzz targets. Nothing
# Widgets- or Charts-based is built here, so the clang build stays small.
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "FORMAUTO_FUZZ needs clang (-DCMAKE_CXX_COMPILER=clang++-14)")
endif()
# UB is a finding, not a warning: without -fno-sanitize-recover UBSan prints and carries on,
# and libFuzzer would never stop on it.
set(FORMAUTO_SANITIZERS address,undefined)
add_compile_options(-fsanitize=fuzzer-no-link,${FORMAUTO_SANITIZERS} -fno-sanitize-recover=undefined
                    -fno-omit-frame-pointer -gline-tables-only -O1)
add_link_options(-fsanitize=${FORMAUTO_SANITIZERS})
add_subdirectory(server)
add_subdirectory(tests/fuzz)
