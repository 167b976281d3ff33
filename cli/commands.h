#pragma once

#include <string>

namespace shebao::cli {

struct EvaluateArgs {
  std::string file = "-";
  std::string as_of;
  std::string format = "text";
  std::string lang = "zh";
  bool explain = false;
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

struct RetirementArgs {
  std::string birth;
  std::string sex;
  int original_age = 0;
  std::string format = "text";
  std::string lang = "zh";
  std::string policies;
};
int run_retirement(const RetirementArgs& a);

}  // namespace shebao::cli
