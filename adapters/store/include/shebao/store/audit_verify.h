// `shebao audit verify`: re-evaluates every record that kept its profile against a policy set and
// compares the answer with the recorded one.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shebao/policy/policy_set.h"
#include "shebao/service/service.h"
#include "shebao/store/audit_store.h"

namespace shebao::store {

// The answer to a stored profile text of the given format ("json" | "yaml" | "csv"): the same JSON
// evaluate_to_json gives for JSON and YAML, and the batch gives for a CSV row.
JsonAnswer evaluate_profile(const PolicySet& set, std::string_view text, std::string_view format,
                            const EvalRequest& req);

// The request that reproduces a record's answer (language, trace, as_of as it was fixed).
// nullopt when the record's as_of or lang cannot be read.
std::optional<EvalRequest> request_of(const AuditRecord& r);

// Where two JSON texts first differ, as a path like `schemes[0].contribution.base.monthly`
// ("" for the root), with both values (compact JSON; "(absent)" when a side lacks it). Paths in
// `ignore` are not compared. nullopt when equal (whitespace and key order aside). Unparsable text:
// path "(json)".
struct JsonDifference {
  std::string path;
  std::string recorded;
  std::string now;
};
std::optional<JsonDifference> first_json_difference(std::string_view recorded, std::string_view now,
                                                    const std::vector<std::string>& ignore = {});

struct VerifyFinding {
  std::int64_t id = 0;
  std::string kind;     // "result" (the answer differs), "profile_hash" (stored profile does not
                        // match its digest), "unreadable" (the record cannot be re-evaluated),
                        // or a break of the hash chain (ChainFinding::kind: "edited", "inserted",
                        // "deleted", "reordered", "checkpoint", "no_key")
  std::string path;     // first differing JSON path (kind "result")
  std::string recorded;
  std::string now;
  std::string recorded_digest;
  std::string message;  // for people
};

struct VerifyReport {
  std::vector<std::string> integrity;  // PRAGMA integrity_check ({"ok"} when sound)
  std::int64_t records = 0;
  std::int64_t reevaluated = 0;
  std::int64_t matched = 0;
  std::int64_t without_profile = 0;  // recorded without the profile: cannot be re-evaluated
  std::int64_t findings = 0;
  std::string current_digest;
  std::vector<std::pair<std::string, std::int64_t>> digests;  // recorded digests with counts
  // Re-evaluated records that were answered by another policy set than the current one, and how
  // many of those now give a different answer.
  std::int64_t other_digest_reevaluated = 0;
  std::int64_t other_digest_differ = 0;
  ChainReport chain;  // the hash chain (its findings are counted in `findings` too)
  bool integrity_ok() const { return integrity.size() == 1 && integrity[0] == "ok"; }
  bool ok() const { return integrity_ok() && findings == 0; }
};

// Re-evaluates the records (policy_set.digest is left out of the comparison: a different digest
// is reported on its own) and calls `on_finding` for every difference, in id order.
VerifyReport verify_audit(AuditStore& store, const PolicySet& set,
                          const std::function<void(const VerifyFinding&)>& on_finding = {});

}  // namespace shebao::store
