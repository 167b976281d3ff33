// Fuzz target: the policy pack loader. Input = the text of one YAML pack file.
//  1. parse_yaml alone, with the default limits and with tight ones;
//  2. the file joins a minimal valid national pack (tests/fuzz/pack_fixture/cn): its pack.yaml
//     keys (id, jurisdiction, parent, name, ...) make a pack.yaml, the rest a second file; in the
//     national pack they replace the fixture files whose top-level keys they share (schemes:,
//     parameters:, ...); with an `id:` other than cn they are a child pack of the fixture.
//     The whole tree goes through compile_policies; a set that compiles is described, digested
//     and asked two profiles (JSON and text answers, with the trace).
// Findings: crashes, sanitizer reports, a failed compile without a diagnostic.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "fuzz_common.h"
#include "shebao/eval/evaluator.h"
#include "shebao/json/result_json.h"
#include "shebao/profile/profile.h"
#include "shebao/text/render_text.h"
#include "shebao/yaml/yaml_doc.h"

namespace {

using namespace shebao;
namespace fs = std::filesystem;

const std::vector<SourceFile>& fixture_files() {
  static const std::vector<SourceFile> files = [] {
    std::vector<SourceFile> out;
    const fs::path dir = fs::path(SHEBAO_SOURCE_DIR) / "tests/fuzz/pack_fixture/cn";
    std::vector<fs::path> paths;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.path().extension() == ".yaml") paths.push_back(e.path());
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) {
      SourceFile f;
      f.rel = "cn/" + p.filename().string();
      f.path = "policies/" + f.rel;
      f.text = fuzz::read_file(p.string());
      DocParse d = parse_yaml(f.text);
      if (!d.ok()) fuzz::die("fixture does not parse", f.path);
      f.root = std::move(*d.root);
      out.push_back(std::move(f));
    }
    // The fixture on its own must compile, or the fuzzer would only ever see that error.
    CompileResult c = compile_policies({PackSource{"cn", out}});
    if (!c.set) {
      for (const auto& d : c.diagnostics.items) std::fprintf(stderr, "%s\n", d.to_string().c_str());
      fuzz::die("the fuzz pack fixture does not compile");
    }
    return out;
  }();
  return files;
}

std::set<std::string> top_keys(const DocNode& n) {
  std::set<std::string> keys;
  if (n.is_mapping())
    for (const auto& e : n.entries) keys.insert(e.key);
  return keys;
}

const std::vector<Profile>& profiles() {
  static const std::vector<Profile> out = [] {
    std::vector<Profile> ps;
    const char* texts[] = {
        "as_of: 2026-11-28\nperson: {birth: 1992-03, sex: female, hukou: {region: \"530902\", kind: rural}}\n"
        "work: {region: \"530102\", relationship: platform_managed, industry: food_delivery, platform: meituan,"
        " monthly_income: 5200}\n",
        "as_of: 2026-11-28\nperson: {birth: 1966-01-15, sex: male, hukou: {region: \"110105\"}}\n"
        "work: {region: \"530902\", relationship: self_employed}\n"
        "coverage: {pension: {scheme: employee, region: \"110105\", months_paid: 170}}\n",
    };
    for (const char* t : texts) {
      DocParse d = parse_yaml(t);
      if (!d.ok()) fuzz::die("profile fixture does not parse");
      ProfileParse p = read_profile(*d.root, std::nullopt);
      if (!p.profile) fuzz::die("profile fixture is invalid");
      ps.push_back(*p.profile);
    }
    return ps;
  }();
  return out;
}

void exercise(const PolicySet& set) {
  (void)describe_policies(set);
  (void)policy_digest(set);
  (void)all_rules(set);
  for (const Profile& p : profiles()) {
    // The set's own constraints may reject a fixture profile; that is an answer too.
    if (!check_constraints(set, p).empty()) continue;
    EvalResult r = evaluate(set, p, EvalOptions{true});
    (void)result_to_json(r, JsonOptions{Lang::kZh, true, false});
    (void)result_to_text(r, TextOptions{Lang::kEn, true, false, 80});
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)fixture_files();
  (void)profiles();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 256 * 1024) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);

  // 1. The YAML adapter alone.
  DocLimits tight;
  tight.max_nodes = 500;
  tight.max_depth = 6;
  tight.max_bytes = 4096;
  tight.max_errors = 3;
  fuzz::check_doc_parse(parse_yaml(text, tight));
  DocParse parsed = parse_yaml(text);
  fuzz::check_doc_parse(parsed);
  if (!parsed.ok()) return 0;

  // 2. The file in a pack tree. Keys of pack.yaml (id, jurisdiction, ...) go to the pack's
  //    pack.yaml, the others to a second file of the same pack; both keep the input's text, so
  //    that positions in messages point into it.
  DocNode pack_part, rest_part;
  pack_part.kind = rest_part.kind = DocNode::Kind::kMapping;
  bool any_pack_key = false;
  if (parsed.root->is_mapping()) {
    for (auto& e : parsed.root->entries) {
      const bool pack_key = e.key == "id" || e.key == "jurisdiction" || e.key == "parent" || e.key == "slug" ||
                            e.key == "name" || e.key == "documents";
      any_pack_key = any_pack_key || pack_key;
      (pack_key ? pack_part : rest_part).entries.push_back(std::move(e));
    }
  } else {
    rest_part = std::move(*parsed.root);  // not a mapping: the compiler reports it
  }
  std::string dir = "cn";
  if (const DocNode* id = pack_part.find("id"); id && id->is_scalar()) {
    dir = id->text;
    if (dir.empty() || dir.size() > 64 || dir.find_first_of("/\\\n") != std::string::npos || dir[0] == '.')
      dir = "cn-530000";
  }
  auto file = [&](const std::string& name, DocNode root) {
    SourceFile f;
    f.rel = dir + "/" + name;
    f.path = "policies/" + f.rel;
    f.text = text;
    f.root = std::move(root);
    return f;
  };
  std::vector<PackSource> packs;
  PackSource cn{"cn", {}};
  const std::set<std::string> keys = top_keys(rest_part);
  for (const SourceFile& f : fixture_files()) {
    bool replaced = false;
    if (dir == "cn") {
      if (f.rel == "cn/pack.yaml") replaced = any_pack_key;
      else
        for (const auto& k : top_keys(f.root)) replaced = replaced || keys.count(k) != 0;
    }
    if (!replaced) cn.files.push_back(f);
  }
  PackSource mine{dir, {}};
  if (any_pack_key) mine.files.push_back(file("pack.yaml", std::move(pack_part)));
  if (!rest_part.entries.empty() || !rest_part.is_mapping()) mine.files.push_back(file("fuzz.yaml", std::move(rest_part)));
  if (dir == "cn") {
    for (auto& f : mine.files) cn.files.push_back(std::move(f));
    packs.push_back(std::move(cn));
  } else {
    packs.push_back(std::move(cn));
    packs.push_back(std::move(mine));
  }
  CompileResult c = compile_policies(std::move(packs));
  if (!c.set) {
    if (c.diagnostics.empty()) fuzz::die("compile failed without a diagnostic");
    static const bool verbose = std::getenv("SHEBAO_FUZZ_VERBOSE") != nullptr;
    for (const auto& d : c.diagnostics.items) {
      const std::string line = d.to_string();
      if (verbose) std::fprintf(stderr, "  %s\n", line.c_str());
    }
    return 0;
  }
  if (std::getenv("SHEBAO_FUZZ_VERBOSE")) std::fprintf(stderr, "  compiled\n");
  exercise(*c.set);
  return 0;
}
