// Policy packs as read from disk (by adapters/yaml) and the compiled, immutable policy set.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "shebao/core/diagnostics.h"
#include "shebao/core/doc.h"
#include "shebao/core/region.h"
#include "shebao/core/text.h"

namespace shebao {

// One YAML file of a pack, parsed.
struct SourceFile {
  std::string path;  // as shown in messages, e.g. "policies/cn/schemes/pension.yaml"
  std::string rel;   // relative to the policies root, e.g. "cn/schemes/pension.yaml" (digest)
  std::string text;  // the file's bytes (for positions and the digest)
  DocNode root;
};

// One pack folder: `dir` is the folder name (= pack id); files include pack.yaml.
struct PackSource {
  std::string dir;
  std::vector<SourceFile> files;
};

class PolicySet;  // immutable once built; share it across threads

struct CompileResult {
  std::shared_ptr<const PolicySet> set;  // null when there are errors
  Diagnostics diagnostics;               // every problem found, in file order
};

// Checks and compiles all packs (the whole tree) into one policy set.
CompileResult compile_policies(std::vector<PackSource> packs);

// ---- read-only views, for `shebao policies list|show` and the HTTP API ----------------------
struct ParameterVersionView {
  std::string from;    // "2025-01-01"
  std::string value;   // formatted; "(ends)" for an end marker
  bool verified = false;
  std::string source;  // document number + note
};
struct ParameterView {
  std::string id;
  std::string pack;
  std::string type;
  Text label;
  std::string region;  // "" for the pack default, else the by_region code
  std::vector<ParameterVersionView> versions;
};
// Citations a descendant pack adds to an inherited rule for the places in its jurisdiction
// (`add_citations:`, SCHEMA.md "Citations by jurisdiction").
struct AddedCitationsView {
  std::string pack;          // the pack that adds them: "cn-530000"
  std::string jurisdiction;  // where they apply: "530000"
  Text jurisdiction_name;    // "云南省" / "Yunnan"
  std::vector<std::string> citations;  // "云人社发〔2021〕40号（九）"
};
struct RuleView {
  std::string id;  // qualified
  std::string when;
  std::string status;
  std::vector<std::string> citations;  // the rule's own: "人社部发〔2021〕56号（四）"
  std::vector<AddedCitationsView> added_citations;  // by descendant packs, least specific first
  std::string file;                                 // file:line
};
struct SchemeView {
  std::string id;
  Text name;
  std::vector<RuleView> rules;  // merged order for the pack's chain
};
struct DocumentView {
  std::string key, number;
  Text title;
  std::string url;
};
struct PackView {
  std::string id;
  std::string jurisdiction;
  std::string parent;
  Text name;
  std::vector<DocumentView> documents;
  std::vector<SchemeView> schemes;
  std::vector<ParameterView> parameters;  // declared or valued in this pack
  std::size_t files = 0;
};

std::vector<PackView> describe_policies(const PolicySet& set);
std::string policy_digest(const PolicySet& set);

}  // namespace shebao

namespace shebao {
// Every rule, check and transfer of the set, with whether it has a condition (for test coverage).
struct RuleRef {
  std::string id;  // qualified: "<pack>/<scheme>/<rule>", "<pack>/checks/<id>", "<pack>/transfers/<id>"
  bool conditional = true;
  std::string file;
  SourcePos pos;
};
std::vector<RuleRef> all_rules(const PolicySet& set);
}  // namespace shebao
