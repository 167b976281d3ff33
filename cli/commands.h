#pragma once

#include <string>

namespace shebao::cli {

struct EvaluateArgs {
  std::string file = "-";
  std::string as_of;
  std::string format = "text";
  std::string lang = "zh";
  bool explain = false;
  bool details = false;
  bool notes = false;
  bool pretty = false;
  std::string policies;
};
int run_evaluate(const EvaluateArgs& a);

struct PoliciesArgs {
  std::string policies;
  std::string dir;
  std::string id;
  std::string lang = "zh";
};
int run_policies_list(const PoliciesArgs& a);
int run_policies_show(const PoliciesArgs& a);
int run_policies_lint(const PoliciesArgs& a);
int run_policies_test(const PoliciesArgs& a);
int run_policies_new_city(const PoliciesArgs& a);  // a.id = the region code

struct RetirementArgs {
  std::string birth;
  std::string sex;           // checked by run_retirement: 女 | 男 | female | male | f | m
  std::string original_age;  // "" | "50" | "55", checked by run_retirement (in --lang)
  std::string as_of;         // YYYY-MM-DD; "" = today (China)
  std::string format = "text";
  std::string lang = "zh";
  std::string policies;
};
int run_retirement(const RetirementArgs& a);

}  // namespace shebao::cli

// Subcommands added by their own files register themselves here (serve, batch, audit, ask, ...):
//   static const RegisterCommand kServe{"serve", "help text", [](CLI::App& sub) {
//     auto args = std::make_shared<ServeArgs>();  sub.add_option(...);
//     return [args] { return run_serve(*args); };  }};
#include <functional>
#include <vector>

namespace CLI {
class App;
}

namespace shebao::cli {

using CommandRunner = std::function<int()>;
using CommandSetup = std::function<CommandRunner(CLI::App& sub)>;
struct CommandDef {
  const char* name;
  const char* help;
  CommandSetup setup;
};
std::vector<CommandDef>& command_registry();
struct RegisterCommand {
  RegisterCommand(const char* name, const char* help, CommandSetup setup) {
    command_registry().push_back({name, help, std::move(setup)});
  }
};

}  // namespace shebao::cli
