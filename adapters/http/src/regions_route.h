// GET /v1/regions?q=...: the region lookup of the page and of apps (issue 17).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace shebao::http_internal {

// {"regions":[{"code","name","full_name","en"}...]}: the current regions whose name, short name,
// pinyin or code matches `q` (region.h find_regions), best first, at most `limit`.
std::string regions_json(std::string_view q, std::size_t limit);

}  // namespace shebao::http_internal
