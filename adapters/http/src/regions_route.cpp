#include "regions_route.h"

#include <boost/json.hpp>
#include <vector>

#include "shebao/core/region.h"

namespace shebao::http_internal {

std::string regions_json(std::string_view q, std::size_t limit) {
  std::vector<RegionMatch> found(limit);
  const std::size_t n = find_regions(q, found.data(), found.size());
  boost::json::array list;
  list.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Region r = found[i].region;
    list.push_back(boost::json::object{{"code", r.to_string()},
                                       {"name", r.name(Lang::kZh)},
                                       {"full_name", r.full_name(Lang::kZh)},
                                       {"en", r.full_name(Lang::kEn)}});
  }
  return boost::json::serialize(boost::json::object{{"regions", std::move(list)}});
}

}  // namespace shebao::http_internal
