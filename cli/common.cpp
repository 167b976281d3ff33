#include "common.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "shebao/service/install_paths.h"


namespace shebao::cli {

namespace fs = std::filesystem;

std::vector<std::string>& policy_overlays() {
  static std::vector<std::string> overlays;
  return overlays;
}

std::string policies_dir(const std::string& flag) {
  std::string base = flag;
  std::vector<std::string> overlays = policy_overlays();
  if (base.empty()) {
    if (const char* env = std::getenv("SHEBAO_POLICIES"); env && *env) base = env;
  }
  if (base.empty()) {
    base = bundled_paths().policies;
    // An installed system reads /etc/shebao/policies after the bundled packs, unless overlays
    // were named on the command line.
    if (overlays.empty())
      if (std::string etc = default_policy_overlay(); !etc.empty()) overlays.push_back(std::move(etc));
  }
  if (base.empty()) base = SHEBAO_POLICIES_DIR;
  return policy_path_with_overlays(base, overlays);
}

void keep_until_exit(std::shared_ptr<const PolicySet> set) {
  // Reachable from a static until the end, so leak checkers do not count it.
  static auto* kept = new std::vector<std::shared_ptr<const PolicySet>>();
  kept->push_back(std::move(set));
}

void print_diagnostics(const Diagnostics& d, Lang lang) {
  for (const auto& item : d.items) std::cerr << item.render(lang);
}

LoadedPolicies load_or_report(const std::string& dir, Lang lang, bool with_tests) {
  LoadedPolicies pol = load_policies(dir, with_tests);
  if (!pol.set) print_diagnostics(pol.diagnostics, lang);
  return pol;
}

bool read_input(const std::string& file, std::string& out, std::string& error) {
  constexpr std::size_t kMax = 16u << 20;
  if (file == "-" || file.empty()) {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    out = ss.str();
  } else {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) {  // ifstream opens a folder and reads nothing
      error = "cannot read '" + file + "': it is a folder, not a profile file";
      return false;
    }
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

bool parse_as_of_option(const std::string& text, std::optional<Date>& out) {
  if (text.empty()) return true;
  out = Date::parse(text);
  if (!out) std::cerr << "--as-of: '" << text << "' is not a date YYYY-MM-DD\n";
  return out.has_value();
}

void print_field_errors(const std::vector<FieldError>& errors, Lang lang) {
  for (const auto& e : errors) std::cerr << where_and_message(e, lang) << '\n';
}

}  // namespace shebao::cli
