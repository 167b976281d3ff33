#include "shebao/store/audit_verify.h"

#include <boost/json.hpp>

#include "shebao/core/hash.h"
#include "shebao/store/csv_profile.h"

namespace shebao::store {

namespace json = boost::json;

JsonAnswer evaluate_profile(const PolicySet& set, std::string_view text, std::string_view format,
                            const EvalRequest& req) {
  if (format == "yaml") return evaluate_to_json(set, text, req);
  return answer_to_json(set,
                        format == "csv" ? read_csv_profile(set, text, req.as_of, req.today)
                                        : read_json_profile(set, text, req.as_of, req.today),
                        req);
}

std::optional<EvalRequest> request_of(const AuditRecord& r) {
  std::optional<Date> as_of = Date::parse(r.as_of);
  std::optional<Lang> lang = parse_lang(r.lang);
  if (!as_of || !lang) return std::nullopt;
  EvalRequest req;
  req.lang = *lang;
  req.explain = r.explain;
  req.today = *as_of;
  if (r.as_of_fixed) req.as_of = as_of;
  return req;
}

namespace {

std::string show(const json::value* v) { return v ? json::serialize(*v) : "(absent)"; }

bool ignored(const std::string& path, const std::vector<std::string>& ignore) {
  for (const auto& i : ignore)
    if (i == path) return true;
  return false;
}

// `added_ok`: the recorded answer was written under an older RESULT contract, so a member the
// answer has now and the recorded one lacks is an addition of a later contract version (fields are
// only ever added, CHANGELOG.md), not a different answer.
std::optional<JsonDifference> diff(const json::value* a, const json::value* b, const std::string& path,
                                   const std::vector<std::string>& ignore, bool added_ok) {
  if (ignored(path, ignore)) return std::nullopt;
  if (!a || !b || a->kind() != b->kind()) {
    if (a && b && a->is_number() && b->is_number() && *a == *b) return std::nullopt;
    return JsonDifference{path, show(a), show(b)};
  }
  auto join = [&](std::string_view key) { return path.empty() ? std::string(key) : path + "." + std::string(key); };
  if (a->is_object()) {
    const json::object& oa = a->get_object();
    const json::object& ob = b->get_object();
    for (const auto& e : oa)
      if (auto d = diff(&e.value(), ob.if_contains(e.key()), join(e.key()), ignore, added_ok)) return d;
    for (const auto& e : ob)
      if (!oa.contains(e.key()) && !added_ok)
        if (auto d = diff(nullptr, &e.value(), join(e.key()), ignore, added_ok)) return d;
    return std::nullopt;
  }
  if (a->is_array()) {
    const json::array& aa = a->get_array();
    const json::array& ab = b->get_array();
    const std::size_t n = std::max(aa.size(), ab.size());
    for (std::size_t i = 0; i < n; ++i) {
      const json::value* x = i < aa.size() ? &aa[i] : nullptr;
      const json::value* y = i < ab.size() ? &ab[i] : nullptr;
      if (auto d = diff(x, y, path + "[" + std::to_string(i) + "]", ignore, added_ok)) return d;
    }
    return std::nullopt;
  }
  if (*a == *b) return std::nullopt;
  return JsonDifference{path, show(a), show(b)};
}

}  // namespace

std::optional<JsonDifference> first_json_difference(std::string_view recorded, std::string_view now,
                                                    const std::vector<std::string>& ignore) {
  boost::system::error_code ea, eb;
  json::value a = json::parse(recorded, ea);
  json::value b = json::parse(now, eb);
  if (ea || eb)
    return JsonDifference{"(json)", ea ? "(not JSON: " + ea.message() + ")" : "", eb ? "(not JSON: " + eb.message() + ")" : ""};
  // The contract version each answer was written under (absent: 1.0.0, before it was recorded).
  const auto version = [](const json::value& v) -> std::string {
    const json::object* o = v.if_object();
    const json::value* c = o ? o->if_contains("contract_version") : nullptr;
    return c && c->is_string() ? std::string(c->get_string()) : std::string("1.0.0");
  };
  return diff(&a, &b, "", ignore, version(a) != version(b));
}

VerifyReport verify_audit(AuditStore& store, const PolicySet& set,
                          const std::function<void(const VerifyFinding&)>& on_finding) {
  VerifyReport rep;
  rep.integrity = store.integrity_check();
  rep.records = store.count();
  rep.digests = store.digests();
  rep.current_digest = policy_digest(set);
  auto report = [&](VerifyFinding f) {
    ++rep.findings;
    if (on_finding) on_finding(f);
  };
  // The hash chain first: a deleted, inserted, reordered or edited record, by id.
  rep.chain = store.verify_chain();
  for (const ChainFinding& c : rep.chain.findings) report({c.id, c.kind, "", "", "", "", c.message});
  AuditQuery q;
  q.with_profile = true;
  store.scan(q, [&](const StoredAuditRecord& s) {
    const AuditRecord& r = s.record;
    if (!r.profile) {
      ++rep.without_profile;
      return true;
    }
    ++rep.reevaluated;
    const bool other = r.policy_digest != rep.current_digest;
    if (other) ++rep.other_digest_reevaluated;
    bool good = true;
    const bool hash_ok = !r.profile_hmac.empty() ? store.has_key() && store.profile_digest(*r.profile) == r.profile_hmac
                                                 : sha256_hex(*r.profile) == r.profile_sha256;
    if (!hash_ok && (r.profile_hmac.empty() || store.has_key())) {
      good = false;
      report({s.id, "profile_hash", "", "", "", r.policy_digest, "the stored profile does not match its recorded digest"});
    }
    std::optional<EvalRequest> req = request_of(r);
    if (!req) {
      report({s.id, "unreadable", "", "", "", r.policy_digest,
              "the record's as_of '" + r.as_of + "' or lang '" + r.lang + "' cannot be read"});
      return true;
    }
    JsonAnswer a = evaluate_profile(set, *r.profile, r.profile_format, *req);
    if (auto d = first_json_difference(r.result, a.json, {"policy_set.digest"})) {
      good = false;
      if (other) ++rep.other_digest_differ;
      report({s.id, "result", d->path.empty() ? "(root)" : d->path, d->recorded, d->now, r.policy_digest,
              "the answer differs"});
    }
    if (good) ++rep.matched;
    return true;
  });
  return rep;
}

}  // namespace shebao::store
