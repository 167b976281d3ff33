// The bundled policy packs (policies/), loaded once per test program.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "shebao/service/service.h"

namespace shebao::test_support {

inline const PolicySet& bundled_policies() {
  static const std::shared_ptr<const PolicySet> set = [] {
    LoadedPolicies p = load_policies(std::string(SHEBAO_SOURCE_DIR) + "/policies");
    return p.set;
  }();
  if (!set) throw std::runtime_error("the bundled policy packs do not load");
  return *set;
}

}  // namespace shebao::test_support
