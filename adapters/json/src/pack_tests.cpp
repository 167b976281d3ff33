#include "shebao/json/pack_tests.h"

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "shebao/eval/evaluator.h"
#include "shebao/json/result_json.h"

namespace shebao {

namespace json = boost::json;

namespace {

std::string where(const SourceFile& f, SourcePos p) { return f.path + ":" + std::to_string(p.line); }

std::string scalar_of(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_bool()) return v.as_bool() ? "true" : "false";
  if (v.is_null()) return "null";
  return json::serialize(v);
}

// `expect` must be a subset of `actual`: every key of a mapping matches; sequences match item by
// item and have the same length; scalars compare as text.
bool subset(const DocNode& expect, const json::value& actual, const std::string& path, std::string& why) {
  switch (expect.kind) {
    case DocNode::Kind::kNull:
      if (!actual.is_null()) {
        why = path + ": expected null, got " + json::serialize(actual);
        return false;
      }
      return true;
    case DocNode::Kind::kScalar: {
      if (actual.is_object() || actual.is_array()) {
        why = path + ": expected " + expect.text + ", got " + json::serialize(actual);
        return false;
      }
      std::string got = scalar_of(actual);
      if (got != expect.text) {
        why = path + ": expected " + expect.text + ", got " + got;
        return false;
      }
      return true;
    }
    case DocNode::Kind::kSequence: {
      if (!actual.is_array() || actual.as_array().size() != expect.items.size()) {
        why = path + ": expected a list of " + std::to_string(expect.items.size()) + ", got " + json::serialize(actual);
        return false;
      }
      for (std::size_t i = 0; i < expect.items.size(); ++i)
        if (!subset(expect.items[i], actual.as_array()[i], path + "[" + std::to_string(i) + "]", why)) return false;
      return true;
    }
    case DocNode::Kind::kMapping: {
      if (!actual.is_object()) {
        why = path + ": expected an object, got " + json::serialize(actual);
        return false;
      }
      for (const auto& e : expect.entries) {
        const json::value* v = actual.as_object().if_contains(e.key);
        if (!v) {
          why = path + "." + e.key + ": missing";
          return false;
        }
        if (!subset(e.value, *v, path + "." + e.key, why)) return false;
      }
      return true;
    }
  }
  return true;
}

std::set<std::string> strings_of(const DocNode& n) {
  std::set<std::string> out;
  for (const auto& i : n.items) out.insert(i.text);
  return out;
}

std::string join(const std::set<std::string>& s) {
  std::string out;
  for (const auto& x : s) out += (out.empty() ? "" : ", ") + x;
  return out.empty() ? "(none)" : out;
}

struct Coverage {
  std::set<std::string> fired, not_fired;
};

// Compares one case; returns an empty string when it passes.
std::string compare(const DocNode& expect, const json::object& result) {
  std::string why;
  for (const auto& e : expect.entries) {
    if (e.key == "schemes") {
      if (!e.value.is_mapping()) return "expect.schemes must map scheme ids to expectations";
      for (const auto& s : e.value.entries) {
        const json::object* scheme = nullptr;
        for (const auto& v : result.at("schemes").as_array())
          if (v.as_object().at("id").as_string() == s.key) scheme = &v.as_object();
        if (!scheme) return "scheme " + s.key + " is missing from the result";
        json::object view = *scheme;
        const auto& reasons = scheme->at("reasons").as_array();
        view["rule"] = reasons.empty() ? json::value(nullptr) : reasons[0].as_object().at("rule");
        if (!subset(s.value, view, s.key, why)) return why;
      }
    } else if (e.key == "warnings" || e.key == "no_warnings") {
      std::set<std::string> codes;
      // A code alone, or "code:subject" (parameter_unverified:resident_medical_subsidy).
      for (const auto& w : result.at("warnings").as_array()) {
        const auto& obj = w.as_object();
        const std::string code(obj.at("code").as_string());
        codes.insert(code);
        if (const auto* subject = obj.if_contains("subject"); subject && subject->is_string())
          codes.insert(code + ":" + std::string(subject->as_string()));
      }
      for (const auto& code : strings_of(e.value)) {
        const bool present = codes.count(code) > 0;
        if (e.key == "warnings" && !present) return "warning " + code + " expected; got " + join(codes);
        if (e.key == "no_warnings" && present) return "warning " + code + " must not be given";
      }
    } else if (e.key == "needs") {
      std::set<std::string> got;
      for (const auto& n : result.at("needs").as_array()) got.insert(std::string(n.as_string()));
      if (got != strings_of(e.value)) return "needs: expected " + join(strings_of(e.value)) + "; got " + join(got);
    } else if (e.key == "transfers") {
      std::set<std::string> got;
      for (const auto& t : result.at("transfers").as_array()) got.insert(std::string(t.as_object().at("kind").as_string()));
      if (got != strings_of(e.value)) return "transfers: expected " + join(strings_of(e.value)) + "; got " + join(got);
    } else {
      const json::value* v = result.if_contains(e.key);
      if (!v) return e.key + ": missing from the result";
      if (!subset(e.value, *v, e.key, why)) return why;
    }
  }
  return {};
}

}  // namespace

PackTestReport run_pack_tests(const PolicySet& set, const std::vector<SourceFile>& tests) {
  PackTestReport report;
  Coverage cov;
  for (const SourceFile& f : tests) {
    const DocNode* cases = f.root.is_mapping() ? f.root.find("cases") : nullptr;
    if (!cases || !cases->is_sequence()) {
      report.failed++;
      report.failures.push_back(where(f, f.root.pos) + ": a test file needs 'cases:' with a list of cases");
      continue;
    }
    for (const DocNode& c : cases->items) {
      const DocNode* name = c.find("name");
      const DocNode* profile = c.find("profile");
      const DocNode* expect = c.find("expect");
      const DocNode* errors = c.find("errors");
      const std::string label = where(f, c.pos) + ": case '" + (name ? name->text : std::string("?")) + "'";
      bool bad_keys = false;
      for (const auto& e : c.entries)
        if (e.key != "name" && e.key != "profile" && e.key != "expect" && e.key != "errors") bad_keys = true;
      if (!name || !profile || (!expect && !errors) || bad_keys) {
        report.failed++;
        report.failures.push_back(label + ": a case has name, profile and expect (or errors), nothing else");
        continue;
      }
      ProfileParse p = read_profile(*profile, std::nullopt);
      std::vector<FieldError> errs = p.errors;
      if (p.profile) errs = check_constraints(set, *p.profile);
      if (errors) {
        std::set<std::string> want = strings_of(*errors), got;
        for (const auto& e : errs) got.insert(e.path + ":" + e.code);
        if (want != got) {
          report.failed++;
          report.failures.push_back(label + ": profile errors: expected " + join(want) + "; got " + join(got));
        } else {
          report.passed++;
        }
        continue;
      }
      if (!errs.empty()) {
        report.failed++;
        std::string msg;
        for (const auto& e : errs) msg += " " + e.path + ": " + e.message + ";";
        report.failures.push_back(label + ": the profile is invalid:" + msg);
        continue;
      }
      EvalResult r = evaluate(set, *p.profile, EvalOptions{true});
      for (const auto& ts : r.trace)
        for (const auto& tr : ts.rules) {
          if (tr.matched == "true") cov.fired.insert(tr.rule);
          if (tr.matched == "false") cov.not_fired.insert(tr.rule);
        }
      json::value v = json::parse(result_to_json(r, JsonOptions{Lang::kZh, false, false}));
      std::string diff = compare(*expect, v.as_object());
      if (diff.empty()) {
        report.passed++;
      } else {
        report.failed++;
        report.failures.push_back(label + ": " + diff);
      }
    }
  }
  for (const RuleRef& r : all_rules(set)) {
    const std::string at = r.file + ":" + std::to_string(r.pos.line) + ": ";
    if (!cov.fired.count(r.id)) report.uncovered.push_back(at + r.id + " fires in no test case");
    if (r.conditional && !cov.not_fired.count(r.id))
      report.uncovered.push_back(at + r.id + " is never tried without firing in a test case");
  }
  return report;
}

}  // namespace shebao
