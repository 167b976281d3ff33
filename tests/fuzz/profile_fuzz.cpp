// Fuzz target: profiles. Input = a profile document (JSON or YAML text), evaluated on the bundled
// packs (loaded once) the way the CLI, the HTTP API, the batch runner and the C API do:
//  - read_profile_text (format by the first character) and evaluate_to_json, with the trace;
//  - parse_json and parse_yaml each forced on the text, then read_profile without defaults;
//  - an accepted profile is answered (JSON in both languages, text), written back with
//    profile_to_doc and read again: the second reading must give the same profile.
// Findings: crashes, sanitizer reports, an answer together with errors, a profile that does not
// survive its own round trip.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_common.h"
#include "shebao/eval/evaluator.h"
#include "shebao/json/json_doc.h"
#include "shebao/json/result_json.h"
#include "shebao/profile/profile.h"
#include "shebao/text/render_text.h"
#include "shebao/yaml/yaml_doc.h"

namespace {

using namespace shebao;

const Date kToday = *Date::from_ymd(2026, 11, 28);

void same_profile(const Profile& a, const Profile& b) {
  for (const auto& f : profile_schema()) {
    const FieldValue& x = a.get(f.id);
    const FieldValue& y = b.get(f.id);
    if (x.known != y.known || (x.known && (x.value != y.value || x.month_only != y.month_only)))
      fuzz::die("profile_to_doc round trip changed", f.path);
  }
  if (a.platform() != b.platform()) fuzz::die("profile_to_doc round trip changed the platform");
}

void answer(const PolicySet& set, const Profile& p) {
  EvalResult r = evaluate(set, p, EvalOptions{true});
  (void)result_to_json(r, JsonOptions{Lang::kEn, true, true});
  (void)result_to_text(r, TextOptions{Lang::kZh, true, true, 40});
  (void)result_to_text(r, TextOptions{Lang::kEn, false, false, 0});
  // Written back and read again, the profile is the same.
  ProfileParse again = read_profile(profile_to_doc(p), std::nullopt);
  if (!again.profile) fuzz::die("profile_to_doc gives a profile read_profile rejects", again.errors.front().path);
  same_profile(p, *again.profile);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)fuzz::bundled_policies();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 256 * 1024) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto set = fuzz::bundled_policies();

  // As every adapter does it.
  ProfileInput in = read_profile_text(*set, text, std::nullopt, kToday);
  if (in.profile.has_value() == !in.errors.empty()) fuzz::die("read_profile_text: both or neither of profile and errors");
  for (const auto& e : in.errors) {
    if (e.code.empty() || e.message.empty()) fuzz::die("a FieldError without code or message");
    if (e.code.find_first_not_of("abcdefghijklmnopqrstuvwxyz_0123456789") != std::string::npos)
      fuzz::die("an error code that is not snake_case", e.code);
  }
  EvalRequest req;
  req.explain = true;
  req.today = kToday;
  JsonAnswer a = evaluate_to_json(*set, text, req);
  if (a.ok != in.profile.has_value()) fuzz::die("evaluate_to_json and read_profile_text disagree");
  if (!a.ok && (a.errors.empty() || a.json.find("\"errors\"") == std::string::npos))
    fuzz::die("a rejected profile without errors");
  if (in.profile) answer(*set, *in.profile);

  // With an as_of override (the CLI's --as-of, the C API): must not crash either way.
  (void)read_profile_text(*set, text, Date::from_ymd(2025, 2, 28), kToday);

  // Each parser forced on the text, and the validator without defaults (as `shebao ask`).
  for (int json = 0; json < 2; ++json) {
    DocParse d = json ? parse_json(text) : parse_yaml(text);
    fuzz::check_doc_parse(d);
    if (!d.ok()) continue;
    ProfileParse p = read_profile(*d.root, kToday, ProfileReadOptions{false});
    if (p.profile.has_value() == !p.errors.empty()) fuzz::die("read_profile: both or neither of profile and errors");
    if (p.profile && check_constraints(*set, *p.profile).empty()) (void)evaluate(*set, *p.profile);
  }
  return 0;
}
