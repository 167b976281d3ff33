// ask_answers PROFILE --as-of DATE --policies DIR [--lang zh|en] [--drop PATH]... [--expected OUT]
// Prints, one per line, the answers a worker with PROFILE would type into `shebao ask`: it runs
// the same question selection (AskSession) and answers each question from the profile's values,
// in the forms a person would use: the number of an enum choice, the Chinese name of a region,
// 是/否, and "不知道" for a field the profile leaves out. Exit 1 when an answer is not accepted.
// The fields asked are listed on stderr ("path <- answer").
// --expected OUT writes PROFILE without the --drop paths (what `ask` is known not to ask, see
// tests/ask/example.sh) and without the fields `ask` left unasked because no answer to them
// changes the result (AskSession::not_asked) as YAML: the profile whose `evaluate` result `ask`
// must reproduce.
// Exit 1 as well when a field left unasked would have changed the answer: PROFILE (without the
// --drop paths) and the expected profile are evaluated and must give the same answer but for the
// `needs` (which name the unasked fields, and the summary's "settle" line built from them).
#include <fstream>
#include <iostream>
#include <string>
#include <vector>
#include <string_view>

#include "ask_session.h"
#include "shebao/core/region.h"
#include "shebao/eval/evaluator.h"
#include "shebao/json/result_json.h"
#include "shebao/service/service.h"
#include "shebao/yaml/yaml_doc.h"

using namespace shebao;

namespace {

const DocNode* at(const DocNode& root, std::string_view path) {
  const DocNode* n = &root;
  for (;;) {
    const auto dot = path.find('.');
    n = n->find(path.substr(0, dot));
    if (!n || dot == std::string_view::npos) return n;
    path.remove_prefix(dot + 1);
  }
}

void drop(DocNode& root, std::string_view path) {
  DocNode* n = &root;
  for (auto dot = path.find('.'); dot != std::string_view::npos; dot = path.find('.')) {
    DocNode* next = nullptr;
    for (auto& e : n->entries)
      if (e.key == path.substr(0, dot)) next = &e.value;
    if (!next) return;
    n = next;
    path.remove_prefix(dot + 1);
  }
  std::erase_if(n->entries, [path](const DocEntry& e) { return e.key == path; });
}

// The Chinese name of `code` when typing it finds exactly this region; the code otherwise.
std::string region_answer(const std::string& code) {
  const auto r = Region::parse(code);
  if (!r) return code;
  const std::string name = r->full_name(Lang::kZh);
  RegionMatch found[4];
  const std::size_t n = find_regions(name, found, 4);
  return n == 1 && found[0].region == *r ? name : code;
}

std::string answer_for(const ask::Question& q, const DocNode* v) {
  if (!v || !v->is_scalar()) return "不知道";
  const std::string& t = v->text;
  const FieldSpec& spec = field_spec(q.field);
  switch (spec.type) {
    case FieldType::kEnum:
      for (std::size_t i = 0; i < q.choices.size(); ++i)
        if (q.choices[i].value == t) return std::to_string(i + 1);
      return t;
    case FieldType::kRegion:
      return region_answer(t);
    case FieldType::kBool:
      return t == "true" ? "是" : "否";
    default:
      return t;
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string profile, as_of, policies, lang = "zh", expected;
  std::vector<std::string> drops;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--as-of" && i + 1 < argc) as_of = argv[++i];
    else if (a == "--policies" && i + 1 < argc) policies = argv[++i];
    else if (a == "--lang" && i + 1 < argc) lang = argv[++i];
    else if (a == "--drop" && i + 1 < argc) drops.emplace_back(argv[++i]);
    else if (a == "--expected" && i + 1 < argc) expected = argv[++i];
    else profile = a;
  }
  const auto date = Date::parse(as_of);
  DocParse doc = load_yaml_file(profile);
  LoadedPolicies pol = load_policies(policies);
  if (!date || !doc.ok() || !pol.set) {
    std::cerr << "ask_answers: bad arguments, profile or policies\n";
    return 2;
  }
  DocNode given = *doc.root;
  for (const auto& d : drops) drop(given, d);
  ask::AskSession s(*pol.set, *date, parse_lang(lang).value_or(Lang::kZh));
  while (!s.done()) {
    const ask::Question& q = s.question();
    const std::string line = answer_for(q, at(*doc.root, q.path));
    std::cerr << q.path << " <- " << line << '\n';
    std::cout << line << '\n';
    ask::Reply r = s.input(line);
    if (r.kind == ask::ReplyKind::kChoose) {  // a name matched several places: pick the code
      const DocNode* v = at(*doc.root, q.path);
      for (std::size_t i = 0; v && i < s.question().choices.size(); ++i)
        if (s.question().choices[i].value == v->text) {
          std::cout << i + 1 << '\n';
          r = s.input(std::to_string(i + 1));
        }
    }
    if (r.kind != ask::ReplyKind::kAccepted) {
      std::cerr << "ask_answers: " << q.path << ": answer '" << line << "' not accepted: " << r.message << '\n';
      return 1;
    }
  }
  DocNode e = given;
  for (FieldId f : s.not_asked()) {
    std::cerr << "not asked: " << field_spec(f).path << '\n';
    drop(e, field_spec(f).path);
  }
  if (!expected.empty()) std::ofstream(expected) << ask::to_yaml(e);
  // The answer without the unasked fields is the answer with them, but for what is still unknown.
  const auto answer = [&](const DocNode& d) -> std::string {
    ProfileParse p = read_profile(d, *date);
    if (!p.profile) return "invalid profile";
    EvalResult r = evaluate(*pol.set, *p.profile);
    r.needs.clear();
    for (auto& scheme : r.schemes) scheme.needs.clear();
    return result_to_json(r, JsonOptions{Lang::kZh, false, true});
  };
  if (const std::string with = answer(given), without = answer(e); with != without) {
    std::cerr << "ask_answers: a question left unasked changes the answer:\n--- with the profile's values:\n"
              << with << "\n--- without:\n" << without << '\n';
    return 1;
  }
  return 0;
}
