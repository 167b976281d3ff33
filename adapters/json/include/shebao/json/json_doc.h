// JSON text (RFC 8259, strict) -> DocNode, through Boost.JSON's SAX parser (basic_parser).
//
// What the tree records:
//  - every node and every object key keeps its position (see doc_parse.h for the conventions);
//  - strings are Style::kQuoted; numbers are Style::kNumber with the text exactly as written
//    ("0.6", "530902", "1e3", "-0", 30-digit integers: no conversion, no precision lost);
//    true/false are Style::kBool with text "true"/"false"; null is Kind::kNull.
// What it rejects (codes in doc_parse.h): duplicate object keys (`duplicate_key`, all of them),
// comments, trailing commas, NaN/Infinity, invalid UTF-8 in strings, anything after the value,
// an empty text (`json_syntax`, at the line and column where parsing stopped), nesting deeper
// than max_depth (`too_deep`), more than max_nodes values and keys or max_bytes of text
// (`too_large`). A leading UTF-8 BOM is skipped. Nothing throws: every failure is a DocError.
#pragma once

#include <string_view>

#include "shebao/core/doc_parse.h"

namespace shebao {

DocParse parse_json(std::string_view text, const DocLimits& limits = {});

}  // namespace shebao
