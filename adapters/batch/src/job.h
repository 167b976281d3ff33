// What a worker does with one input record (private header): read the profile, evaluate it
// (twice for a comparison), and write what the output needs. Immutable while the pool runs;
// shared by every worker.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "items.h"
#include "shebao/core/date.h"
#include "shebao/core/text.h"
#include "shebao/policy/policy_set.h"
#include "summary.h"

namespace shebao::batch::detail {

enum class JobOutput : std::uint8_t { kJson, kSummary, kCompare };

struct RowJob {
  const PolicySet* set = nullptr;
  std::optional<Date> as_of;
  Date today;
  Lang lang = Lang::kZh;
  bool csv = false;
  std::vector<std::string> columns;  // CSV: the header as profile paths
  std::string header_line;           // CSV: the header as read (UTF-8), for the audit log
  bool audit = false;
  bool audit_full = false;
  JobOutput output = JobOutput::kJson;
  const Layout* layout = nullptr;         // kSummary, kCompare
  const PolicySet* old_set = nullptr;     // kCompare: the "before" packs (may be `set`)
  std::optional<Date> old_as_of;          // kCompare: the "before" date (none: as the "after")
  bool fast_json = true;                  // JSONL: the fast reader first (profile_line.h)

  OutItem run(InItem& in) const;
};

}  // namespace shebao::batch::detail
