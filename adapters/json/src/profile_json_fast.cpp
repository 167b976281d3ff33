// read_profile_json_fast (profile_json_fast.h): Boost.JSON's basic_parser with a handler that
// knows the profile's schema and fills a Profile as the events come. Nothing here words an
// error: whatever the reference path (parse_json + read_profile) would reject, and whatever this
// reader does not handle, stops the parse and returns nullopt.
//
// What the reference accepts, and therefore what is checked here, step by step:
//  - parse_json: the text's size (before a BOM is dropped), strict JSON (Boost.JSON with the same
//    options: no comments, no trailing commas, valid UTF-8, max_depth), nothing after the value,
//    no duplicate key in any object, at most max_nodes values and keys;
//  - read_profile_doc's as_of override: the root's `as_of`, whatever it holds, becomes the date;
//  - read_profile: every key a field or group of the schema (or the root's `extra`), groups are
//    objects, null = absent, each field written as its kind asks (strings for dates, enums,
//    regions and the platform; numbers for amounts, counts, ratios; true/false for booleans) with
//    a valid value; required fields present; defaults; the cross-field checks.
// Positions of `extra` nodes are found as json_doc.cpp finds them (TokenCursor, TextPosTracker),
// but only when an `extra` value is met.
#include "shebao/json/profile_json_fast.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/error.hpp>
#include <boost/json/parse_options.hpp>

#include "shebao/core/digits.h"
#include "shebao/core/doc_sniff.h"
#include "shebao/core/money.h"
#include "shebao/core/region.h"
#include "json_sax.h"

namespace shebao {
namespace {

namespace json = boost::json;

// ---- limits of read_profile (engine/src/profile/profile.cpp), for the values it accepts ----
constexpr std::int64_t kMaxMoneyFen = 1'000'000'000LL * 100;
constexpr std::int64_t kMaxMonths = 1200;
constexpr std::int64_t kMaxYearCount = 120;
constexpr std::int32_t kMaxAgeMonths = 121 * 12;
constexpr std::size_t kMaxPlatformLength = 40;
constexpr Decimal kMaxRatio = Decimal::from_int(10);
// Objects under `extra` with more keys than this go to the reference path (duplicate keys are
// looked for by a linear scan).
constexpr std::size_t kMaxExtraKeys = 64;

// ---- the schema as a tree of groups ----------------------------------------------------------
struct Child {
  std::string_view name;
  int field = -1;  // FieldId index, or
  int group = -1;  // index into SchemaTree::groups, or
  bool extra = false;  // the root's `extra`
};
struct Group {
  std::vector<Child> children;
};
struct SchemaTree {
  std::vector<Group> groups;  // [0] = the root
  bool usable = false;        // false: every profile goes to the reference path
};

const SchemaTree& tree() {
  static const SchemaTree t = [] {
    SchemaTree s;
    s.groups.emplace_back();
    for (const FieldSpec& f : profile_schema()) {
      std::size_t g = 0;
      std::string_view rest = f.path;
      for (auto dot = rest.find('.'); dot != std::string_view::npos; dot = rest.find('.')) {
        const std::string_view name = rest.substr(0, dot);
        int next = -1;
        for (const Child& c : s.groups[g].children)
          if (c.name == name && c.group >= 0) next = c.group;
        if (next < 0) {
          next = static_cast<int>(s.groups.size());
          s.groups[g].children.push_back(Child{name, -1, next, false});
          s.groups.emplace_back();
        }
        g = static_cast<std::size_t>(next);
        rest.remove_prefix(dot + 1);
      }
      s.groups[g].children.push_back(Child{rest, static_cast<int>(f.id), -1, false});
    }
    s.groups[0].children.push_back(Child{"extra", -1, -1, true});
    // Level::seen and groups_given_ are 64-bit masks.
    s.usable = s.groups.size() <= 64 && std::all_of(s.groups.begin(), s.groups.end(),
                                                    [](const Group& g) { return g.children.size() <= 64; });
    return s;
  }();
  return t;
}

// ---- value checks: the accepting branches of read_profile's readers --------------------------

// A date "YYYY-MM-DD" (or "YYYY-MM" when month_allowed): days since 1970, or false.
bool date_value(std::string_view s, bool month_allowed, std::int64_t& days, bool& month_only) {
  const bool full_shape = s.size() == 10 && all_digits(s.substr(0, 4)) && s[4] == '-' &&
                          all_digits(s.substr(5, 2)) && s[7] == '-' && all_digits(s.substr(8, 2));
  const bool month_shape = month_allowed && s.size() == 7 && all_digits(s.substr(0, 4)) && s[4] == '-' &&
                           all_digits(s.substr(5, 2));
  if (!full_shape && !month_shape) return false;
  const int year = static_cast<int>(digits_value(s.substr(0, 4)));
  const auto month = static_cast<unsigned>(digits_value(s.substr(5, 2)));
  const auto day = full_shape ? static_cast<unsigned>(digits_value(s.substr(8, 2))) : 1U;
  if (year < 1900 || year > 2200 || month < 1 || month > 12) return false;
  const auto d = Date::from_ymd(year, month, day);
  if (!d) return false;
  days = d->days();
  month_only = month_shape;
  return true;
}

enum class JKind : std::uint8_t { kString, kNumber, kBool, kNull };

using json_internal::TokenCursor;

// ---- the handler ---------------------------------------------------------------------------
class FastHandler : public json_internal::SaxHandler<FastHandler> {
  friend class json_internal::SaxHandler<FastHandler>;  // calls number()

 public:
  FastHandler(std::string_view text, std::size_t max_nodes, bool override_as_of)
      : text_(text), max_nodes_(max_nodes), override_as_of_(override_as_of) {}

  Profile& profile() { return p_; }
  bool given(FieldId id) const { return given_[static_cast<std::size_t>(id)]; }
  const std::array<bool, kFieldCount>& given_fields() const { return given_; }
  bool group_given(int g) const { return (groups_given_ >> g) & 1U; }
  bool done() const { return done_; }

  bool on_object_begin(json::error_code& ec) {
    if (!count()) return bail(ec);
    if (!xstack_.empty()) return extra_open(DocNode::Kind::kMapping, ec);
    if (depth_ == 0) {
      if (done_) return bail(ec);
      levels_[depth_++] = Level{0, 0};
      return true;
    }
    const Child* c = take_pending();
    if (c->extra) return extra_open(DocNode::Kind::kMapping, ec);
    if (c->group < 0 || depth_ == levels_.size()) return bail(ec);  // a field's value as an object
    groups_given_ |= 1ULL << c->group;
    levels_[depth_++] = Level{static_cast<std::uint16_t>(c->group), 0};
    return true;
  }
  bool on_object_end(std::size_t, json::error_code& ec) {
    if (!xstack_.empty()) return extra_close(ec);
    if (--depth_ == 0) done_ = true;
    return true;
  }
  bool on_array_begin(json::error_code& ec) {
    if (!count()) return bail(ec);
    if (!xstack_.empty()) return extra_open(DocNode::Kind::kSequence, ec);
    if (depth_ == 0) return bail(ec);  // the profile is not a mapping
    const Child* c = take_pending();
    if (c->extra) return extra_open(DocNode::Kind::kSequence, ec);
    return bail(ec);
  }
  bool on_array_end(std::size_t, json::error_code& ec) {
    if (!xstack_.empty()) return extra_close(ec);
    return bail(ec);  // cannot happen: arrays outside `extra` stop the parse
  }

  bool on_key(json::string_view s, std::size_t, json::error_code& ec) {
    const std::string_view k = piece(s);
    const bool ok = key(k, ec);
    buf_.clear();
    return ok;
  }
  bool on_string(json::string_view s, std::size_t, json::error_code& ec) {
    const bool ok = scalar(JKind::kString, piece(s), ec);
    buf_.clear();
    return ok;
  }
  bool on_bool(bool b, json::error_code& ec) { return scalar(JKind::kBool, b ? "true" : "false", ec); }
  bool on_null(json::error_code& ec) { return scalar(JKind::kNull, {}, ec); }

 private:
  struct Level {
    std::uint16_t group;
    std::uint64_t seen;  // children of the group met so far (a second one is a duplicate key)
  };
  struct XFrame {
    DocNode node;
    std::string key;
    SourcePos key_pos;
  };

  static bool bail(json::error_code& ec) {
    ec = json::error::exception;
    return false;
  }
  bool count() { return ++nodes_ <= max_nodes_; }

  std::string_view piece(json::string_view last) {
    if (buf_.empty()) return {last.data(), last.size()};
    buf_.append(last.data(), last.size());
    return buf_;
  }

  const Child* take_pending() {
    const Child* c = pending_;
    pending_ = nullptr;
    return c;
  }

  // The position of the value or key just met (only asked for inside `extra`).
  SourcePos pos_now() {
    if (!where_) {
      cursor_.emplace(text_);
      where_.emplace(text_);
    }
    std::size_t at = 0;
    while (cursor_used_ < nodes_) {
      at = cursor_->next();
      ++cursor_used_;
    }
    return where_->at(at);
  }

  bool key(std::string_view k, json::error_code& ec) {
    if (!count()) return bail(ec);
    if (!xstack_.empty()) {
      XFrame& f = xstack_.back();
      if (f.node.entries.size() >= kMaxExtraKeys) return bail(ec);
      for (const DocEntry& e : f.node.entries)
        if (e.key == k) return bail(ec);
      f.key.assign(k);
      f.key_pos = pos_now();
      return true;
    }
    Level& lv = levels_[depth_ - 1];
    const auto& children = tree().groups[lv.group].children;
    for (std::size_t i = 0; i < children.size(); ++i) {
      if (children[i].name != k) continue;
      const std::uint64_t bit = 1ULL << i;
      if (lv.seen & bit) return bail(ec);
      lv.seen |= bit;
      pending_ = &children[i];
      return true;
    }
    return bail(ec);  // unknown field (or a dotted or empty key)
  }

  bool number(json::string_view last, json::error_code& ec) {
    const bool ok = scalar(JKind::kNumber, piece(last), ec);
    buf_.clear();
    return ok;
  }

  DocNode leaf(JKind kind, std::string_view text) {
    DocNode n;
    n.pos = pos_now();
    switch (kind) {
      case JKind::kString:
        n.kind = DocNode::Kind::kScalar;
        n.style = DocNode::Style::kQuoted;
        break;
      case JKind::kNumber:
        n.kind = DocNode::Kind::kScalar;
        n.style = DocNode::Style::kNumber;
        break;
      case JKind::kBool:
        n.kind = DocNode::Kind::kScalar;
        n.style = DocNode::Style::kBool;
        break;
      case JKind::kNull:
        return n;
    }
    n.text.assign(text);
    return n;
  }

  bool scalar(JKind kind, std::string_view text, json::error_code& ec) {
    if (!count()) return bail(ec);
    if (!xstack_.empty()) {
      place(leaf(kind, text));
      return true;
    }
    if (depth_ == 0) return bail(ec);  // the profile is not a mapping
    const Child* c = take_pending();
    if (c->extra) {
      p_.set_extra(leaf(kind, text));
      return true;
    }
    if (c->group >= 0) return kind == JKind::kNull ? true : bail(ec);  // a group must be a mapping
    const FieldId id = static_cast<FieldId>(c->field);
    if (id == FieldId::kAsOf && override_as_of_) return true;  // replaced whatever it holds
    if (kind == JKind::kNull) return true;                     // null = absent
    given_[static_cast<std::size_t>(c->field)] = true;
    return field(field_spec(id), kind, text) ? true : bail(ec);
  }

  void set(FieldId id, std::int64_t value, bool month_only = false) {
    FieldValue& v = p_.at(id);
    v.known = true;
    v.month_only = month_only;
    v.value = value;
  }

  bool field(const FieldSpec& f, JKind kind, std::string_view t) {
    switch (f.type) {
      case FieldType::kDate: {
        if (kind != JKind::kString) return false;
        std::int64_t days = 0;
        bool month_only = false;
        if (!date_value(t, f.id == FieldId::kBirth, days, month_only)) return false;
        set(f.id, days, month_only);
        return true;
      }
      case FieldType::kEnum: {
        if (kind != JKind::kString) return false;
        const int i = enum_index(f.id, t);
        if (i < 0) return false;
        set(f.id, i);
        return true;
      }
      case FieldType::kRegion: {
        if (kind != JKind::kString) return false;
        const auto r = Region::parse(t);
        if (!r) return false;
        set(f.id, r->code());
        return true;
      }
      case FieldType::kBool:
        if (kind != JKind::kBool) return false;
        set(f.id, t == "true" ? 1 : 0);
        return true;
      case FieldType::kMoney: {
        if (kind != JKind::kNumber) return false;
        const auto m = Money::parse(t);
        if (!m || m->fen() < 0 || m->fen() > kMaxMoneyFen) return false;
        set(f.id, m->fen());
        return true;
      }
      case FieldType::kMonths:
      case FieldType::kYearCount: {
        if (kind != JKind::kNumber || !all_digits(t)) return false;
        const std::int64_t v = digits_value(t);
        const bool months = f.type == FieldType::kMonths;
        if (v > (months ? kMaxMonths : kMaxYearCount)) return false;
        set(f.id, v * (months ? 1 : 12));
        return true;
      }
      case FieldType::kYears: {
        if (kind != JKind::kNumber || !all_digits(t)) return false;
        const std::int64_t v = digits_value(t);
        if (std::find(f.allowed_years.begin(), f.allowed_years.end(), v) == f.allowed_years.end()) return false;
        set(f.id, v * 12);
        return true;
      }
      case FieldType::kDecimal: {
        if (kind != JKind::kNumber) return false;
        const auto d = Decimal::parse(t);
        if (!d || d->micros() <= 0 || *d > kMaxRatio) return false;
        set(f.id, d->micros());
        return true;
      }
      case FieldType::kString: {
        if (kind != JKind::kString) return false;
        const bool ok = !t.empty() && t.size() <= kMaxPlatformLength && std::all_of(t.begin(), t.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        });
        if (!ok) return false;
        p_.set_platform(std::string(t));
        set(f.id, 0);
        return true;
      }
    }
    return false;
  }

  // ---- `extra`: the DocNode tree json_doc.cpp would build ----
  bool extra_open(DocNode::Kind kind, json::error_code&) {
    XFrame f;
    f.node.kind = kind;
    f.node.pos = pos_now();
    xstack_.push_back(std::move(f));
    return true;
  }
  bool extra_close(json::error_code&) {
    DocNode n = std::move(xstack_.back().node);
    xstack_.pop_back();
    if (xstack_.empty())
      p_.set_extra(std::move(n));
    else
      place(std::move(n));
    return true;
  }
  void place(DocNode&& n) {
    XFrame& f = xstack_.back();
    if (f.node.is_sequence())
      f.node.items.push_back(std::move(n));
    else
      f.node.entries.push_back(DocEntry{std::move(f.key), f.key_pos, std::move(n)});
  }

  std::string_view text_;
  std::size_t max_nodes_;
  bool override_as_of_;
  Profile p_;
  std::array<bool, kFieldCount> given_{};
  std::uint64_t groups_given_ = 0;
  std::array<Level, 8> levels_{};  // the schema's groups being read (the root is 1; they nest 3 deep)
  std::size_t depth_ = 0;
  const Child* pending_ = nullptr;
  bool done_ = false;
  std::size_t nodes_ = 0;
  std::vector<XFrame> xstack_;
  std::optional<TokenCursor> cursor_;
  std::optional<TextPosTracker> where_;
  std::size_t cursor_used_ = 0;
};

// The group index of a dotted group path ("coverage.pension"), or -1.
int group_index(std::string_view path) {
  const SchemaTree& t = tree();
  std::size_t g = 0;
  while (!path.empty()) {
    const auto dot = path.find('.');
    const std::string_view name = path.substr(0, dot);
    int next = -1;
    for (const Child& c : t.groups[g].children)
      if (c.name == name && c.group >= 0) next = c.group;
    if (next < 0) return -1;
    g = static_cast<std::size_t>(next);
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  }
  return static_cast<int>(g);
}

// After the document: check_missing, apply_defaults and check_cross_fields of read_profile, with
// every error turned into "not sure" (false).
bool finish(FastHandler& h, std::optional<Date> as_of_override, Date default_as_of) {
  Profile& p = h.profile();
  auto set = [&p](FieldId id, std::int64_t value) {
    FieldValue& v = p.at(id);
    v.known = true;
    v.month_only = false;
    v.value = value;
  };
  if (as_of_override) {
    // The reference writes the date as text and reads it back (it fails only outside the years
    // 1900-2200); the answer for the last date is kept, as every line of a batch has the same.
    thread_local std::optional<Date> last;
    thread_local bool last_ok = false;
    if (last != as_of_override) {
      std::int64_t days = 0;
      bool month_only = false;
      last_ok = date_value(as_of_override->to_string(), false, days, month_only) && days == as_of_override->days();
      last = as_of_override;
    }
    if (!last_ok) return false;
    set(FieldId::kAsOf, as_of_override->days());
  } else if (!h.given(FieldId::kAsOf)) {
    set(FieldId::kAsOf, default_as_of.days());
  }
  for (const FieldSpec& f : profile_schema())
    if (f.required && !h.given(f.id)) return false;

  static const int pension_group = group_index("coverage.pension");
  static const int medical_group = group_index("coverage.medical");
  if (pension_group < 0 || medical_group < 0) return false;
  apply_profile_defaults(p, h.given_fields(), h.group_given(pension_group), h.group_given(medical_group));
  const FieldValue& ps = p.get(FieldId::kPensionScheme);
  const FieldValue& ms = p.get(FieldId::kMedicalScheme);

  // check_cross_fields
  const FieldValue& as_of = p.get(FieldId::kAsOf);
  const FieldValue& birth = p.get(FieldId::kBirth);
  if (as_of.known && birth.known) {
    if (p.birth() > p.as_of()) return false;
    if (months_between(p.birth(), p.as_of()) >= kMaxAgeMonths) return false;
  }
  const FieldValue& sex = p.get(FieldId::kSex);
  if (p.known(FieldId::kFemaleOriginalAge) && sex.known && sex.value == enums::kMale) return false;
  const FieldValue& receiving = p.get(FieldId::kPensionReceiving);
  if (receiving.known && receiving.value == 1 && ps.known && ps.value == enums::kSchemeNone) return false;
  const FieldValue& retiree = p.get(FieldId::kMedicalRetireeBenefits);
  if (retiree.known && retiree.value == 1 && ms.known && ms.value != enums::kSchemeEmployee) return false;
  return true;
}

std::optional<Profile> read_checked(std::string_view text, const DocLimits& limits, std::optional<Date> as_of_override,
                                    Date default_as_of) {
  if (text.size() > limits.max_bytes || !tree().usable) return std::nullopt;
  text = strip_bom(text);
  json::parse_options options;  // as parse_json: strict
  options.max_depth = limits.max_depth;
  json::basic_parser<FastHandler> parser(options, text, limits.max_nodes, as_of_override.has_value());
  json::error_code ec;
  const std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
  FastHandler& h = parser.handler();
  if (ec || used < text.size() || !h.done()) return std::nullopt;
  if (!finish(h, as_of_override, default_as_of)) return std::nullopt;
  return std::move(h.profile());
}

}  // namespace

std::optional<Profile> read_profile_json_fast(std::string_view text, const DocLimits& limits,
                                              std::optional<Date> as_of_override, Date default_as_of) {
  try {
    return read_checked(text, limits, as_of_override, default_as_of);
  } catch (...) {  // out of memory, or anything unexpected: the reference path will say
    return std::nullopt;
  }
}

}  // namespace shebao
