// Runs the golden cases of policy packs (`<pack>/tests/*.yaml`, format in policies/SCHEMA.md):
// each case's profile is evaluated and its `expect` compared with the RESULT.md JSON; then every
// rule must have a case in which it fires and one in which it is tried and does not fire.
#pragma once

#include <string>
#include <vector>

#include "shebao/policy/policy_set.h"

namespace shebao {

struct PackTestReport {
  int passed = 0;
  int failed = 0;
  std::vector<std::string> failures;   // "file:line: case 'name': what differs"
  std::vector<std::string> uncovered;  // "file:line: rule X never fires in a test case"
};

PackTestReport run_pack_tests(const PolicySet& set, const std::vector<SourceFile>& tests);

}  // namespace shebao
