# cmake -DIN=openapi.json -DOUT=openapi_embedded.cpp -P embed.cmake
# Writes a C++ source defining shebao::http::openapi_document() with the bytes of IN.
file(READ "${IN}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
string(REGEX REPLACE "(('\\\\x[0-9a-f][0-9a-f]',){32})" "\\1\n" bytes "${bytes}")
file(WRITE "${OUT}.tmp" "// Generated from ${IN} by embed.cmake. Do not edit.\n"
  "#include <string_view>\n\n"
  "namespace shebao::http {\n"
  "namespace {\n"
  "constexpr char kOpenApi[] = {\n${bytes}'\\0'};\n"
  "}  // namespace\n"
  "std::string_view openapi_document() { return {kOpenApi, sizeof(kOpenApi) - 1}; }\n"
  "}  // namespace shebao::http\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
