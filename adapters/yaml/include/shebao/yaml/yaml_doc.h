// YAML text -> DocNode. The only part of shebao that sees yaml-cpp.
//
// What the tree records:
//  - every node and every mapping key keeps its position (see doc_parse.h for the conventions);
//  - a plain scalar is Style::kPlain, a quoted ('…', "…") or block (|, >) scalar is kQuoted;
//  - `~`, `null`, `Null`, `NULL` written plain, and an empty value, are Kind::kNull. An empty
//    mapping value takes its key's position;
//  - an alias expands to a copy of its anchor's tree (the copy's top node takes the alias's
//    position, the nodes inside keep those of the anchored text). Expanded nodes count against
//    DocLimits::max_nodes, so an alias bomb stops early with `too_large`.
// What it rejects (codes in doc_parse.h): duplicate keys (all of them, nested too), non-scalar and
// null keys, merge keys `<<`, explicit tags other than `!`, recursive aliases, a second document,
// invalid UTF-8 and disallowed control characters anywhere in the text, and syntax errors.
// A leading UTF-8 BOM is skipped. An empty text (or only comments) is a null root at 1:1.
// Nothing throws: every failure is a DocError.
#pragma once

#include <string>
#include <string_view>

#include "shebao/core/doc_parse.h"

namespace shebao {

DocParse parse_yaml(std::string_view text, const DocLimits& limits = {});

// Reads the file at `path` and parses it; `io` when it cannot be read.
DocParse load_yaml_file(const std::string& path, const DocLimits& limits = {});

}  // namespace shebao
