// Problems found in user content (policy packs, profiles). Collected, never thrown.
#pragma once

#include <string>
#include <vector>

#include "shebao/core/doc.h"

namespace shebao {

// One problem in a policy file, printed as `file:line:column: message`.
struct Diagnostic {
  std::string file;
  SourcePos pos;
  std::string code;     // stable, e.g. "unknown-key"
  std::string message;  // English, complete sentence fragment, no trailing period
  std::string to_string() const;  // "policies/cn/schemes/x.yaml:12:7: unknown key 'wen' [unknown-key]"
};

struct Diagnostics {
  std::vector<Diagnostic> items;
  void add(std::string file, SourcePos pos, std::string code, std::string message) {
    items.push_back({std::move(file), pos, std::move(code), std::move(message)});
  }
  bool empty() const { return items.empty(); }
};

// One problem in a profile, printed as `PATH: message` (PATH as in PROFILE.md, e.g. person.birth).
struct FieldError {
  std::string path;
  std::string code;     // stable, e.g. "unknown_field", "invalid_region"
  std::string message;  // English
  std::string message_zh;
  friend bool operator==(const FieldError&, const FieldError&) = default;
};

}  // namespace shebao
