// The way back from a Profile to a document (profile_to_doc): what `ask` saves and the batch
// adapter writes, in PROFILE.md's shape, holding only what is known.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "shebao/core/money.h"
#include "shebao/profile/profile.h"

namespace shebao {
namespace {

// "1994-07" for a birth given to the month, "2026-11-28" otherwise.
std::string month_or_day_text(Date d, bool month_only) {
  std::string s = d.to_string();
  if (month_only && s.size() >= 7) s.resize(7);
  return s;
}

// The mapping under `key` of `m`, created at the end when absent.
DocNode& child_mapping(DocNode& m, std::string_view key) {
  for (auto& e : m.entries)
    if (e.key == key) return e.value;
  m.entries.push_back(DocEntry{std::string(key), {}, mapping_node()});
  return m.entries.back().value;
}

std::string region_text(std::int64_t code) {
  std::string s = std::to_string(code);
  if (s.size() < 6) s.insert(0, 6 - s.size(), '0');
  return s;
}

std::string money_text(std::int64_t fen) {
  std::string s = Money::from_fen(fen).to_string();
  if (s.size() > 3 && s.compare(s.size() - 3, 3, ".00") == 0) s.resize(s.size() - 3);
  return s;
}

std::optional<DocNode> value_node(const Profile& p, const FieldSpec& f) {
  using S = DocNode::Style;
  const FieldValue& v = p.get(f.id);
  switch (f.type) {
    case FieldType::kDate:
      return scalar_node(
          month_or_day_text(Date::from_days(static_cast<std::int32_t>(v.value)), v.month_only), S::kPlain);
    case FieldType::kEnum:
      if (v.value < 0 || static_cast<std::size_t>(v.value) >= f.enum_values.size())
        return std::nullopt;
      return scalar_node(std::string(f.enum_values[static_cast<std::size_t>(v.value)]), S::kPlain);
    case FieldType::kRegion:
      return scalar_node(region_text(v.value), S::kQuoted);
    case FieldType::kBool:
      return scalar_node(v.value ? "true" : "false", S::kBool);
    case FieldType::kMoney:
      return scalar_node(money_text(v.value), S::kNumber);
    case FieldType::kMonths:
      return scalar_node(std::to_string(v.value), S::kNumber);
    case FieldType::kYears:
    case FieldType::kYearCount:
      return scalar_node(std::to_string(v.value / 12), S::kNumber);
    case FieldType::kDecimal:
      return scalar_node(Decimal::from_micros(v.value).to_string(1), S::kNumber);
    case FieldType::kString:
      if (p.platform().empty()) return std::nullopt;
      return scalar_node(p.platform(), S::kPlain);
  }
  return std::nullopt;
}

}  // namespace

DocNode profile_to_doc(const Profile& p) {
  DocNode root = mapping_node();
  for (const auto& f : profile_schema()) {
    if (!p.known(f.id)) continue;
    auto value = value_node(p, f);
    if (!value) continue;
    DocNode* m = &root;
    std::string_view rest = f.path;
    for (auto dot = rest.find('.'); dot != std::string_view::npos; dot = rest.find('.')) {
      m = &child_mapping(*m, rest.substr(0, dot));
      rest.remove_prefix(dot + 1);
    }
    m->entries.push_back(DocEntry{std::string(rest), {}, std::move(*value)});
  }
  auto periods_node = [](std::span<const ContributionPeriod> periods, bool pension) {
    DocNode list;
    list.kind = DocNode::Kind::kSequence;
    for (const ContributionPeriod& c : periods) {
      DocNode m = mapping_node();
      m.entries.push_back(DocEntry{"region", {}, scalar_node(c.region.to_string(), DocNode::Style::kQuoted)});
      m.entries.push_back(DocEntry{"from", {}, scalar_node(c.from.to_string(), DocNode::Style::kPlain)});
      if (!c.open) m.entries.push_back(DocEntry{"to", {}, scalar_node(c.to.to_string(), DocNode::Style::kPlain)});
      if (c.scheme == RecordScheme::kResident)
        m.entries.push_back(DocEntry{"scheme", {}, scalar_node("resident", DocNode::Style::kPlain)});
      if (pension && c.temporary)
        m.entries.push_back(DocEntry{"temporary", {}, scalar_node("true", DocNode::Style::kBool)});
      list.items.push_back(std::move(m));
    }
    return list;
  };
  if (!p.pension_history().empty())
    child_mapping(child_mapping(root, "coverage"), "pension")
        .entries.push_back(DocEntry{"history", {}, periods_node(p.pension_history(), true)});
  if (!p.pension_deemed().empty()) {
    DocNode list;
    list.kind = DocNode::Kind::kSequence;
    for (const DeemedPeriod& d : p.pension_deemed()) {
      DocNode m = mapping_node();
      m.entries.push_back(DocEntry{"region", {}, scalar_node(d.region.to_string(), DocNode::Style::kQuoted)});
      m.entries.push_back(DocEntry{"months", {}, scalar_node(std::to_string(d.months), DocNode::Style::kNumber)});
      list.items.push_back(std::move(m));
    }
    child_mapping(child_mapping(root, "coverage"), "pension").entries.push_back(DocEntry{"deemed", {}, std::move(list)});
  }
  if (!p.medical_history().empty())
    child_mapping(child_mapping(root, "coverage"), "medical")
        .entries.push_back(DocEntry{"history", {}, periods_node(p.medical_history(), false)});
  if (!p.extra().is_null()) root.entries.push_back(DocEntry{"extra", {}, p.extra()});
  return root;
}

}  // namespace shebao
