# shebao_options: warnings and sanitizers, linked PRIVATE by every target of the project.
add_library(shebao_options INTERFACE)
target_compile_options(shebao_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow
  -Wnon-virtual-dtor -Wcast-align -Wunused -Woverloaded-virtual -Wimplicit-fallthrough
  # GCC 12 reports false null dereferences inside std::string and Asio once it inlines at -O2/-O3;
  # the check runs in Debug builds (the CI build), where it sees our code as written.
  $<$<CONFIG:Debug>:-Wnull-dereference>)
# GCC 12 reports false -Wrestrict / -Wstringop-overflow / -Wstringop-overread warnings inside std::string
# and boost::container::small_vector (memmove of a run whose length it cannot bound) at -O2/-O3
# (GCC PR105329, PR105651); they are not about our code.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(shebao_options INTERFACE $<$<COMPILE_LANGUAGE:CXX>:-Wno-restrict -Wno-stringop-overflow -Wno-stringop-overread>)
endif()
if(SHEBAO_WERROR)
  target_compile_options(shebao_options INTERFACE -Werror)
endif()
if(SHEBAO_SANITIZE)
  target_compile_options(shebao_options INTERFACE -fsanitize=address,undefined
    -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(shebao_options INTERFACE -fsanitize=address,undefined)
endif()
