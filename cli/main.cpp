// `shebao`: the command-line interface. Thin: parses arguments, calls the adapters and the engine,
// prints, and maps outcomes to exit codes (0 ok, 2 usage, 3 invalid profile, 4 invalid policy
// pack, 1 anything else).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shebao/core/text.h"

#include "commands.h"
#include "common.h"

namespace shebao::cli {
std::vector<CommandDef>& command_registry() {
  static std::vector<CommandDef> registry;
  return registry;
}
}  // namespace shebao::cli

namespace {

// `--lang` takes the spellings HTTP takes (zh-CN, zh-Hans, en-US, EN, ...: shebao::parse_lang);
// every subcommand checks it against {zh, en}, so an accepted spelling is written as zh or en
// before parsing. Anything else is left for that check to refuse.
std::vector<std::string> normalised_lang_args(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  const auto canonical = [](std::string_view v) -> std::optional<std::string> {
    auto l = shebao::parse_lang(v);
    if (!l) return std::nullopt;
    return std::string(*l == shebao::Lang::kEn ? "en" : "zh");
  };
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--") break;
    if (args[i] == "--lang" && i + 1 < args.size()) {
      if (auto c = canonical(args[i + 1])) args[i + 1] = *c;
      ++i;
    } else if (args[i].starts_with("--lang=")) {
      if (auto c = canonical(std::string_view(args[i]).substr(7))) args[i] = "--lang=" + *c;
    }
  }
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace shebao::cli;
  CLI::App app{"shebao — 新就业形态劳动者社会保险参保规则引擎 / social-insurance enrolment rules for gig workers"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("shebao ") + SHEBAO_VERSION);

  EvaluateArgs ev;
  auto* evaluate = app.add_subcommand("evaluate", "评估一份劳动者信息 / evaluate one worker profile (YAML or JSON)");
  evaluate->add_option("file", ev.file, "profile file, or - for standard input")->default_val("-");
  evaluate->add_option("--as-of", ev.as_of, "查询日期 date of the question, YYYY-MM-DD (default: the profile's, else today)");
  evaluate->add_option("--format", ev.format, "text | json")->check(CLI::IsMember({"text", "json"}))->default_val("text");
  evaluate->add_option("--lang", ev.lang, "zh | en")->check(CLI::IsMember({"zh", "en"}))->default_val("zh");
  evaluate->add_flag("--explain", ev.explain, "add the rules tried for every scheme and the values they saw");
  evaluate->add_flag("--details", ev.details, "text: every reason, estimate, option and transfer step (default: the short answer)");
  evaluate->add_flag("--notes", ev.notes, "text: list each figure not yet checked against an official document");
  evaluate->add_flag("--pretty", ev.pretty, "indent JSON output");
  evaluate->add_option("--policies", ev.policies, "folder of policy packs (default: the bundled ones)");

  PoliciesArgs pol;
  auto* policies = app.add_subcommand("policies", "政策包 / policy packs: list, show, lint, test");
  policies->require_subcommand(1);
  policies->add_option("--policies", pol.policies, "folder of policy packs (default: the bundled ones)");
  auto* list = policies->add_subcommand("list", "list packs, schemes and parameters with their sources");
  auto* show = policies->add_subcommand("show", "show one pack, scheme or parameter");
  show->add_option("id", pol.id, "pack id (cn-530000), scheme id (pension.employee) or parameter id")->required();
  auto* lint = policies->add_subcommand("lint", "check packs; print every problem as file:line:column");
  lint->add_option("dir", pol.dir, "folder of policy packs");
  auto* test = policies->add_subcommand("test", "run the golden cases in each pack's tests/");
  test->add_option("dir", pol.dir, "folder of policy packs");
  auto* new_city = policies->add_subcommand("new-city", "write a commented skeleton pack cn-CODE for a city");
  new_city->add_option("code", pol.id, "prefecture (xxxx00) or province (xx0000) code, e.g. 530300")->required();
  new_city->fallthrough();
  for (auto* sub : {list, show, lint, test}) {
    sub->add_option("--lang", pol.lang, "zh | en")->check(CLI::IsMember({"zh", "en"}))->default_val("zh");
    sub->fallthrough();  // `policies list --policies DIR` as well as `policies --policies DIR list`
  }

  RetirementArgs ret;
  auto* retirement = app.add_subcommand("retirement", "法定退休年龄 / statutory retirement age under the 2024 reform");
  retirement->add_option("--birth", ret.birth, "birth month YYYY-MM")->required();
  retirement->add_option("--sex", ret.sex, "女 | 男 (female | male)")->required();
  retirement->add_option("--original-age", ret.original_age,
                         "women: original statutory age, 50 (女职工) | 55 (女干部, flexible employment)");
  retirement->add_option("--as-of", ret.as_of, "查询日期 YYYY-MM-DD (default: today), to say whether the age is reached");
  retirement->add_option("--format", ret.format, "text | json")->check(CLI::IsMember({"text", "json"}))->default_val("text");
  retirement->add_option("--lang", ret.lang, "zh | en")->check(CLI::IsMember({"zh", "en"}))->default_val("zh");
  retirement->add_option("--policies", ret.policies, "folder of policy packs (default: the bundled ones)");

  // Subcommands that registered themselves, in name order.
  auto& registry = command_registry();
  std::sort(registry.begin(), registry.end(),
            [](const CommandDef& a, const CommandDef& b) { return std::string_view(a.name) < b.name; });
  std::vector<std::pair<CLI::App*, CommandRunner>> registered;
  for (const auto& def : registry) {
    // "policies coverage": a subcommand of `policies` (a space separates parent and name).
    std::string_view name = def.name;
    CLI::App* parent = &app;
    if (auto space = name.find(' '); space != std::string_view::npos) {
      parent = app.get_subcommand(std::string(name.substr(0, space)));
      name = name.substr(space + 1);
    }
    CLI::App* sub = parent->add_subcommand(std::string(name), def.help);
    registered.emplace_back(sub, def.setup(*sub));
  }

  // Every command that loads packs reads the overlays after them (DECISIONS: local changes survive
  // upgrades); an option of each subcommand, so that `serve --config` files may hold it too.
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
    sub->add_option("--policies-overlay", policy_overlays(),
                    "folder of packs read after the others; its packs replace those of the same id "
                    "(repeatable; default for an installed shebao: /etc/shebao/policies when present)")
        ->type_name("DIR");

  std::vector<std::string> args = normalised_lang_args(argc, argv);
  std::vector<char*> arg_ptrs;
  for (auto& x : args) arg_ptrs.push_back(x.data());
  try {
    app.parse(static_cast<int>(arg_ptrs.size()), arg_ptrs.data());
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kUsage;
  }

  try {
    if (*evaluate) return run_evaluate(ev);
    if (*list) return run_policies_list(pol);
    if (*show) return run_policies_show(pol);
    if (*lint) return run_policies_lint(pol);
    if (*test) return run_policies_test(pol);
    if (*new_city) return run_policies_new_city(pol);
    if (*retirement) return run_retirement(ret);
    for (auto& [sub, run] : registered)
      if (*sub) return run();
  } catch (const std::exception& e) {
    std::cerr << "shebao: internal error: " << e.what() << '\n';
    return kFailure;
  }
  return kUsage;
}
