#include "common.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "shebao/json/json_doc.h"
#include "shebao/yaml/pack_loader.h"
#include "shebao/yaml/yaml_doc.h"

namespace shebao::cli {

namespace fs = std::filesystem;

std::string policies_dir(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("SHEBAO_POLICIES"); env && *env) return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path candidate = exe.parent_path().parent_path().parent_path() / "policies";
    if (fs::exists(candidate / "cn" / "pack.yaml", ec)) return candidate.string();
  }
  return SHEBAO_POLICIES_DIR;
}

LoadedPolicies load_policies(const std::string& dir) {
  LoadedPolicies out;
  PackLoad load = load_pack_dir(dir);
  out.diagnostics = std::move(load.diagnostics);
  out.tests = std::move(load.tests);
  if (!out.diagnostics.empty()) return out;
  CompileResult c = compile_policies(std::move(load.packs));
  out.diagnostics = std::move(c.diagnostics);
  out.set = std::move(c.set);
  return out;
}

void print_diagnostics(const Diagnostics& d) {
  for (const auto& item : d.items) std::cerr << item.to_string() << '\n';
}

Date today_cst() {
  using namespace std::chrono;
  auto now = floor<days>(system_clock::now() + hours(8));
  return Date::from_days(static_cast<std::int32_t>(now.time_since_epoch().count()));
}

ProfileInput parse_profile_text(const std::string& text, std::optional<Date> as_of_override, Date today) {
  ProfileInput out;
  std::size_t i = 0;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t')) ++i;
  // A UTF-8 BOM before '{' still means JSON.
  if (text.compare(i, 3, "\xEF\xBB\xBF") == 0) i += 3;
  const bool json = i < text.size() && text[i] == '{';
  DocParse parsed = json ? parse_json(text) : parse_yaml(text);
  if (!parsed.root || !parsed.errors.empty()) {
    for (const auto& e : parsed.errors) {
      std::string where = e.pos.line ? std::to_string(e.pos.line) + ":" + std::to_string(e.pos.column) : "(document)";
      out.errors.push_back({where, e.code, e.message,
                            std::string(json ? "JSON 格式错误：" : "YAML 格式错误：") + e.message});
    }
    if (out.errors.empty()) out.errors.push_back({"(document)", "syntax", "the document could not be read", "无法读取该文档"});
    return out;
  }
  DocNode root = std::move(*parsed.root);
  if (as_of_override && root.is_mapping()) {
    DocNode v;
    v.kind = DocNode::Kind::kScalar;
    v.style = DocNode::Style::kPlain;
    v.text = as_of_override->to_string();
    bool replaced = false;
    for (auto& e : root.entries)
      if (e.key == "as_of") {
        e.value = v;
        replaced = true;
      }
    if (!replaced) root.entries.insert(root.entries.begin(), DocEntry{"as_of", {}, v});
  }
  ProfileParse p = read_profile(root, today);
  out.errors = std::move(p.errors);
  out.profile = std::move(p.profile);
  return out;
}

bool read_input(const std::string& file, std::string& out, std::string& error) {
  constexpr std::size_t kMax = 16u << 20;
  if (file == "-" || file.empty()) {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    out = ss.str();
  } else {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      error = "cannot read '" + file + "'";
      return false;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
  }
  if (out.size() > kMax) {
    error = "input larger than 16 MiB";
    return false;
  }
  return true;
}

void print_field_errors(const std::vector<FieldError>& errors, Lang lang) {
  for (const auto& e : errors) {
    const std::string& msg = lang == Lang::kZh && !e.message_zh.empty() ? e.message_zh : e.message;
    std::cerr << e.path << ": " << msg << '\n';
  }
}

}  // namespace shebao::cli
