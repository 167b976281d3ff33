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
#include "shebao/service/service.h"

namespace shebao::cli {

enum Exit : int { kOk = 0, kFailure = 1, kUsage = 2, kBadProfile = 3, kBadPolicy = 4 };

// The packs folder: --policies, else $SHEBAO_POLICIES, else the bundled packs
// (shebao/service/install_paths.h: share/shebao/policies beside the install, or the source tree's
// policies/ in the build tree), followed by the overlays (':'-separated, see load_policies): those
// of --policies-overlay, else /etc/shebao/policies for an installed shebao on its bundled packs.
std::string policies_dir(const std::string& flag);
// The --policies-overlay folders, in order (set while parsing the command line).
std::vector<std::string>& policy_overlays();

// For a command that ends the process once it has answered: leaves the policy set (every compiled
// rule and the packs' trees) to the operating system at exit instead of freeing it piece by piece.
void keep_until_exit(std::shared_ptr<const PolicySet> set);

// Prints diagnostics on stderr: `file:line:column: message [code]` in `lang`, then the source
// line and a caret when known (DECISIONS.md "Pack lint").
void print_diagnostics(const Diagnostics& d, Lang lang = Lang::kZh);

// The preamble of every command that needs the packs: loads them from `dir` and, when they do not
// compile, prints the diagnostics in `lang`. The caller returns kBadPolicy when `set` is null:
//   LoadedPolicies pol = load_or_report(policies_dir(a.policies), lang);
//   if (!pol.set) return kBadPolicy;
LoadedPolicies load_or_report(const std::string& dir, Lang lang, bool with_tests = false);


bool read_input(const std::string& file, std::string& out, std::string& error);  // "-" = stdin
// The --as-of option: empty leaves `out` unset; a bad date is reported on stderr (false: exit 2).
bool parse_as_of_option(const std::string& text, std::optional<Date>& out);

void print_field_errors(const std::vector<FieldError>& errors, Lang lang);

}  // namespace shebao::cli
