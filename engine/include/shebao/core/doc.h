// A neutral document tree: what adapters/yaml and adapters/json hand to the engine. It keeps each
// node's source position (1-based; 0 when the format has none, as with JSON) and how a scalar was
// written, so that the engine can validate strictly without knowing YAML or JSON.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shebao {

struct SourcePos {
  std::uint32_t line = 0;    // 1-based; 0 = unknown
  std::uint32_t column = 0;  // 1-based; 0 = unknown
};

struct DocEntry;

struct DocNode {
  enum class Kind : std::uint8_t { kNull, kScalar, kSequence, kMapping };
  // How a scalar was written. YAML plain scalars are untyped text ("530902", "true", "0.6");
  // quoted YAML scalars and JSON strings are strings; JSON numbers and booleans keep their kind.
  enum class Style : std::uint8_t { kPlain, kQuoted, kNumber, kBool };

  Kind kind = Kind::kNull;
  Style style = Style::kPlain;
  std::string text;                // scalar text (JSON bools: "true"/"false"; numbers as written)
  std::vector<DocNode> items;      // kSequence
  std::vector<DocEntry> entries;   // kMapping, in document order; keys are unique (adapters check)
  SourcePos pos;

  bool is_null() const { return kind == Kind::kNull; }
  bool is_scalar() const { return kind == Kind::kScalar; }
  bool is_sequence() const { return kind == Kind::kSequence; }
  bool is_mapping() const { return kind == Kind::kMapping; }
  // Mapping lookup by key; nullptr when absent or not a mapping.
  const DocNode* find(std::string_view key) const;
};

struct DocEntry {
  std::string key;
  SourcePos key_pos;
  DocNode value;
};

// A scalar written as `style`, and an empty mapping: for code that builds a document (the way
// back from a profile, `ask`'s answers).
inline DocNode scalar_node(std::string text, DocNode::Style style) {
  DocNode n;
  n.kind = DocNode::Kind::kScalar;
  n.style = style;
  n.text = std::move(text);
  return n;
}
inline DocNode mapping_node() {
  DocNode n;
  n.kind = DocNode::Kind::kMapping;
  return n;
}

inline const DocNode* DocNode::find(std::string_view key) const {
  for (const auto& e : entries)
    if (e.key == key) return &e.value;
  return nullptr;
}

}  // namespace shebao
