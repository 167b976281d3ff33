// One JSONL line as a profile (private header): the fast reader (shebao/json/profile_json_fast.h)
// when it is sure, else the reference path (store::read_json_profile), which finds and words
// every error. Same answer either way (tests/unit/batch/profile_json_fast_test.cpp).
#pragma once

#include <optional>
#include <string_view>

#include "shebao/core/date.h"
#include "shebao/policy/policy_set.h"
#include "shebao/service/service.h"

namespace shebao::batch::detail {

// `fast` false: the reference path only (SHEBAO_JSON_FAST=off, for comparisons).
ProfileInput read_json_line(const PolicySet& set, std::string_view text, std::optional<Date> as_of_override,
                            Date today, bool fast = true);

}  // namespace shebao::batch::detail
