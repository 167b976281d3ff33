// The engine as the outside world uses it: load a folder of packs, evaluate a profile document
// (JSON or YAML text) and render the result. Shared by the CLI, the HTTP server, the batch runner
// and the C API, so that they all answer the same way.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shebao/core/date.h"
#include "shebao/core/diagnostics.h"
#include "shebao/core/doc_parse.h"
#include "shebao/core/text.h"
#include "shebao/eval/result.h"
#include "shebao/policy/policy_set.h"
#include "shebao/profile/profile.h"

namespace shebao {

struct LoadedPolicies {
  std::shared_ptr<const PolicySet> set;  // null when there are problems
  Diagnostics diagnostics;
  std::vector<SourceFile> tests;         // the packs' golden cases
};
// Reads and compiles every pack under `dir`; the packs' golden cases too when `with_tests`.
// `dir` may also be a ':'-separated list (when it is not itself a folder): the first folder holds
// the base packs (the bundled ones), each later one is an overlay read after it, whose packs replace
// the packs of the same id (folder name) as a whole and add the others ("local changes survive
// upgrades": /etc/shebao/policies, `--policies-overlay DIR`).
LoadedPolicies load_policies(const std::string& dir, bool with_tests = false);
// The same over base folder and overlays given one by one.
LoadedPolicies load_policies(const std::vector<std::string>& roots, bool with_tests = false);
// The folders of a policies argument (see load_policies).
std::vector<std::string> split_policy_path(const std::string& dir);

// Today in China Standard Time (UTC+8): the default as_of. Adapters own the clock, not the engine.
Date today_cst();

// The limits a profile document is read with (issue 22): far below a pack's (1,000,000 nodes,
// depth 128), as a profile is small: a worker's profile has about 40 nodes, a long contribution
// history a few thousand; `extra:` (free data carried along) shares the budget. YAML aliases count
// as expanded, so a 900-byte alias bomb stops after 20,000 nodes (about a millisecond) instead of
// a million. The size limit stays the general one (16 MiB): the HTTP body is capped at 64 KiB.
inline constexpr DocLimits kProfileDocLimits{/*max_nodes=*/20'000, /*max_depth=*/32, /*max_bytes=*/16u << 20,
                                             /*max_errors=*/100};

struct ProfileInput {
  std::optional<Profile> profile;
  std::vector<FieldError> errors;  // errors in the text: path "", with their line and column
};
// Parses a profile document — JSON when its first non-blank character is '{', YAML otherwise —,
// validates it against PROFILE.md and the policy set's constraints.
ProfileInput read_profile_text(const PolicySet& set, std::string_view text, std::optional<Date> as_of_override,
                               Date today);
// The same for a document already parsed (e.g. a CSV row turned into a tree).
ProfileInput read_profile_doc(const PolicySet& set, DocNode root, std::optional<Date> as_of_override, Date today);

struct EvalRequest {
  Lang lang = Lang::kZh;
  bool explain = false;
  bool pretty = false;
  std::optional<Date> as_of;  // overrides the profile's as_of
  Date today;                 // default as_of when the profile has none
};
struct JsonAnswer {
  bool ok = false;    // false: `json` is {"errors": [...]} and the profile was invalid
  std::string json;   // RESULT.md object, or the errors object
  std::vector<FieldError> errors;
};
// Profile text in, RESULT.md JSON (or the errors object) out.
JsonAnswer evaluate_to_json(const PolicySet& set, std::string_view profile_text, const EvalRequest& req);
// The same for a profile already read (a CSV row, a JSON document read otherwise): evaluates it and
// writes the result, or writes its errors. The one evaluate-then-write-JSON of the service and of `audit verify`, so
// that the verifier cannot drift from what it verifies.
JsonAnswer answer_to_json(const PolicySet& set, ProfileInput in, const EvalRequest& req);

// A policy set that can be replaced while readers keep using the one they took (hot reload).
// A mutex around a shared_ptr rather than std::atomic<std::shared_ptr>: libstdc++ 12's atomic
// specialisation releases its internal lock with relaxed ordering, which ThreadSanitizer reports
// as a race; the lock is held only to copy or swap one pointer.
class PolicyHolder {
 public:
  explicit PolicyHolder(std::shared_ptr<const PolicySet> set) : set_(std::move(set)) {}
  std::shared_ptr<const PolicySet> get() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return set_;
  }
  void replace(std::shared_ptr<const PolicySet> set) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      set_.swap(set);
    }
    // The previous set (now in `set`) is released here, outside the lock.
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const PolicySet> set_;
};

}  // namespace shebao
