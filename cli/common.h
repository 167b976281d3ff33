// Process-level helpers of the `shebao` command: where the packs are, reading profiles, today's
// date, exit codes.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "shebao/core/date.h"
#include "shebao/core/diagnostics.h"
#include "shebao/core/text.h"
#include "shebao/policy/policy_set.h"
#include "shebao/profile/profile.h"

namespace shebao::cli {

enum Exit : int { kOk = 0, kFailure = 1, kUsage = 2, kBadProfile = 3, kBadPolicy = 4 };

// The packs folder: --policies, else $SHEBAO_POLICIES, else <exe>/../../policies (the build
// tree), else the source tree's policies/ compiled in.
std::string policies_dir(const std::string& flag);

struct LoadedPolicies {
  std::shared_ptr<const PolicySet> set;
  Diagnostics diagnostics;
  std::vector<SourceFile> tests;
};
LoadedPolicies load_policies(const std::string& dir);
// Prints diagnostics as `file:line:column: message [code]`, one per line.
void print_diagnostics(const Diagnostics& d);

// Today in China Standard Time (UTC+8): the default as_of. The CLI owns the clock, not the engine.
Date today_cst();

struct ProfileInput {
  std::optional<Profile> profile;
  std::vector<FieldError> errors;
};
// Reads a profile document (JSON when it starts with '{', else YAML) and validates it.
// Syntax errors become FieldErrors whose path is "line:column".
ProfileInput parse_profile_text(const std::string& text, std::optional<Date> as_of_override, Date today);

bool read_input(const std::string& file, std::string& out, std::string& error);  // "-" = stdin

void print_field_errors(const std::vector<FieldError>& errors, Lang lang);

}  // namespace shebao::cli
