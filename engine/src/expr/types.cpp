// Types and values of the expression language: names, parsing from YAML values, formatting.
#include <charconv>

#include "expr/expr.h"

namespace shebao::internal {

// Defended duplicate: a switch shaped like status_id's and the other enum names in
// eval/result.cpp; one per enum, each checked by the compiler to name every value.
std::string_view kind_name(TypeKind k) {
  switch (k) {
    case TypeKind::kInvalid: return "invalid";
    case TypeKind::kBool: return "bool";
    case TypeKind::kNumber: return "number";
    case TypeKind::kMoney: return "money";
    case TypeKind::kMonths: return "months";
    case TypeKind::kDate: return "date";
    case TypeKind::kRegion: return "region";
    case TypeKind::kString: return "string";
    case TypeKind::kEnum: return "enum";
    case TypeKind::kList: return "list";
    case TypeKind::kTable: return "table";
  }
  return "invalid";
}

std::string_view unit_name(Unit u) {
  switch (u) {
    case Unit::kNone: return "";
    case Unit::kRatio: return "ratio";
    case Unit::kAge: return "age";
    case Unit::kDuration: return "duration";
    case Unit::kMonthCount: return "months";
  }
  return "";
}

std::optional<Unit> parse_unit(std::string_view s, TypeKind t) {
  if (t == TypeKind::kNumber && s == "ratio") return Unit::kRatio;
  if (t == TypeKind::kMonths) {
    if (s == "age") return Unit::kAge;
    if (s == "duration") return Unit::kDuration;
    if (s == "months") return Unit::kMonthCount;
  }
  return std::nullopt;
}

std::string Type::name() const {
  if (kind == TypeKind::kList) return "list<" + std::string(kind_name(elem)) + ">";
  if (kind == TypeKind::kTable)
    return "table<" + std::string(kind_name(key)) + "," + std::string(kind_name(elem)) + ">";
  if (kind == TypeKind::kEnum && enum_values != nullptr) {
    std::string s = "enum{";
    for (std::size_t i = 0; i < enum_count; ++i) {
      if (i) s += ",";
      s += enum_values[i];
    }
    return s + "}";
  }
  return std::string(kind_name(kind));
}

namespace {

std::optional<TypeKind> scalar_kind(std::string_view s) {
  if (s == "bool") return TypeKind::kBool;
  if (s == "number") return TypeKind::kNumber;
  if (s == "money") return TypeKind::kMoney;
  if (s == "months") return TypeKind::kMonths;
  if (s == "date") return TypeKind::kDate;
  if (s == "region") return TypeKind::kRegion;
  if (s == "string") return TypeKind::kString;
  return std::nullopt;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<Type> parse_type_name(std::string_view s) {
  s = trim(s);
  if (auto k = scalar_kind(s)) return Type::of(*k);
  if (s.starts_with("list<") && s.ends_with(">")) {
    auto e = scalar_kind(trim(s.substr(5, s.size() - 6)));
    if (!e || *e == TypeKind::kBool || *e == TypeKind::kDate) return std::nullopt;
    return Type::list_of(*e);
  }
  if (s.starts_with("table<") && s.ends_with(">")) {
    auto inner = s.substr(6, s.size() - 7);
    auto comma = inner.find(',');
    if (comma == std::string_view::npos) return std::nullopt;
    auto k = scalar_kind(trim(inner.substr(0, comma)));
    auto v = scalar_kind(trim(inner.substr(comma + 1)));
    if (!k || !v) return std::nullopt;
    return Type::table_of(*k, *v);
  }
  return std::nullopt;
}

std::optional<std::int32_t> parse_months_literal(std::string_view s) {
  // "15y6m", "16y", "6m", "0m"
  std::int64_t total = 0;
  bool any = false;
  std::size_t i = 0;
  bool seen_y = false, seen_m = false;
  while (i < s.size()) {
    std::size_t j = i;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
    if (j == i || j >= s.size() || j - i > 4) return std::nullopt;
    std::int64_t n = 0;
    std::from_chars(s.data() + i, s.data() + j, n);
    if (s[j] == 'y' && !seen_y && !seen_m) {
      total += n * 12;
      seen_y = true;
    } else if (s[j] == 'm' && !seen_m) {
      total += n;
      seen_m = true;
    } else {
      return std::nullopt;
    }
    any = true;
    i = j + 1;
  }
  if (!any || total > 100000) return std::nullopt;
  return static_cast<std::int32_t>(total);
}

namespace {

std::optional<Value> parse_scalar(const DocNode& n, TypeKind k, std::string& error, std::string* storage) {
  // A value that is not one: the message, and no value.
  auto refuse = [&error](std::string message) -> std::optional<Value> {
    error = std::move(message);
    return std::nullopt;
  };
  if (!n.is_scalar()) return refuse("expected a " + std::string(kind_name(k)) + " value");
  const std::string& t = n.text;
  switch (k) {
    case TypeKind::kBool:
      if (t == "true") return Value::of_bool(true);
      if (t == "false") return Value::of_bool(false);
      return refuse("expected true or false, got '" + t + "'");
    case TypeKind::kNumber: {
      auto d = Decimal::parse(t);
      if (!d) return refuse("expected a number, got '" + t + "'");
      return Value::of_int(d->micros());
    }
    case TypeKind::kMoney: {
      if (n.style != DocNode::Style::kQuoted)
        return refuse("money must be a quoted yuan amount such as \"7263.00\", got " + t);
      auto m = Money::parse(t);
      if (!m) return refuse("expected a yuan amount with at most two decimals, got '" + t + "'");
      return Value::of_int(m->fen());
    }
    case TypeKind::kMonths: {
      auto m = parse_months_literal(t);
      if (!m) return refuse("expected a duration such as 15y, 6m or 15y6m, got '" + t + "'");
      return Value::of_int(*m);
    }
    case TypeKind::kDate: {
      auto d = Date::parse(t);
      if (!d) return refuse("expected a date YYYY-MM-DD, got '" + t + "'");
      return Value::of_int(d->days());
    }
    case TypeKind::kRegion: {
      auto r = Region::parse(t);
      if (!r && t == "000000") r = Region::national();
      if (!r) return refuse("expected a six-digit region code, got '" + t + "'");
      return Value::of_int(r->code());
    }
    case TypeKind::kString:
      if (t.empty()) return refuse("expected a non-empty string");
      if (storage) *storage = t;
      return Value::of_string({});  // caller fixes the view once storage is stable
    default: return refuse("unsupported value type");
  }
}

}  // namespace

std::optional<Value> parse_value(const DocNode& n, const Type& t, std::vector<std::unique_ptr<ListData>>& pool,
                                 std::string& error) {
  if (t.kind == TypeKind::kList || t.kind == TypeKind::kTable) {
    if (!n.is_sequence()) {
      error = "expected a list [...]";
      return std::nullopt;
    }
    auto data = std::make_unique<ListData>();
    const bool table = t.kind == TypeKind::kTable;
    data->strings.reserve(n.items.size() * 2);
    for (const auto& item : n.items) {
      if (table) {
        if (!item.is_sequence() || item.items.size() != 2) {
          error = "expected a [key, value] pair in the table";
          return std::nullopt;
        }
        for (int part = 0; part < 2; ++part) {
          TypeKind k = part == 0 ? t.key : t.elem;
          std::string storage;
          auto v = parse_scalar(item.items[static_cast<std::size_t>(part)], k, error, &storage);
          if (!v) return std::nullopt;
          if (k == TypeKind::kString) {
            data->strings.push_back(storage);
            v->s = data->strings.back();
          }
          data->items.push_back(*v);
        }
      } else {
        std::string storage;
        auto v = parse_scalar(item, t.elem, error, &storage);
        if (!v) return std::nullopt;
        if (t.elem == TypeKind::kString) {
          data->strings.push_back(storage);
          v->s = data->strings.back();
        }
        data->items.push_back(*v);
      }
    }
    if (table) {
      for (std::size_t i = 0; i < data->items.size(); i += 2)
        for (std::size_t j = i + 2; j < data->items.size(); j += 2)
          if (data->items[i].i == data->items[j].i && data->items[i].s == data->items[j].s) {
            error = "duplicate key in table";
            return std::nullopt;
          }
    }
    pool.push_back(std::move(data));
    return Value::of_list(pool.back().get());
  }
  if (t.kind == TypeKind::kString) {
    auto data = std::make_unique<ListData>();
    data->strings.emplace_back();
    auto v = parse_scalar(n, TypeKind::kString, error, &data->strings.back());
    if (!v) return std::nullopt;
    v->s = data->strings.back();
    pool.push_back(std::move(data));
    return v;
  }
  return parse_scalar(n, t.kind, error, nullptr);
}

namespace {

std::string months_text(std::int64_t m, Lang lang) {
  const bool neg = m < 0;
  if (neg) m = -m;
  std::int64_t y = m / 12, r = m % 12;
  std::string s = neg ? "-" : "";
  if (lang == Lang::kZh) {
    if (y) s += std::to_string(y) + "年";
    if (r || !y) s += std::to_string(r) + "个月";
  } else {
    if (y) s += std::to_string(y) + (y == 1 ? " year" : " years");
    if (y && r) s += " ";
    if (r || !y) s += std::to_string(r) + (r == 1 ? " month" : " months");
  }
  return s;
}

// An age: "55岁2个月" / "55 years 2 months".
std::string age_text(std::int64_t m, Lang lang) {
  if (m < 0 || lang != Lang::kZh) return months_text(m, lang);
  std::string s = std::to_string(m / 12) + "岁";
  if (m % 12) s += std::to_string(m % 12) + "个月";
  return s;
}

std::string month_count_text(std::int64_t m, Lang lang) {
  if (lang == Lang::kZh) return std::to_string(m) + "个月";
  return std::to_string(m) + (m == 1 || m == -1 ? " month" : " months");
}

// A ratio as a percentage: 0.2 -> "20%", 0.075 -> "7.5%".
std::string percent_text(std::int64_t micros) { return Decimal::from_micros(micros * 100).to_string(0) + "%"; }

std::string scalar_text(const Value& v, TypeKind k, const Type& t, Lang lang, bool trace) {
  // Units apply to a scalar value (a list's or table's items are plain).
  const Unit unit = k == t.kind ? t.unit : Unit::kNone;
  switch (k) {
    case TypeKind::kBool:
      if (trace) return v.i ? "true" : "false";
      return v.i ? (lang == Lang::kZh ? "是" : "yes") : (lang == Lang::kZh ? "否" : "no");
    case TypeKind::kNumber:
      if (unit == Unit::kRatio && !trace) return percent_text(v.i);
      return Decimal::from_micros(v.i).to_string(0);
    case TypeKind::kMoney: return trace ? Money::from_fen(v.i).to_string() : money_for_people(Money::from_fen(v.i));
    case TypeKind::kMonths:
      if (trace) return std::to_string(v.i) + "m";
      if (unit == Unit::kAge) return age_text(v.i, lang);
      if (unit == Unit::kMonthCount) return month_count_text(v.i, lang);
      return months_text(v.i, lang);
    case TypeKind::kDate: return Date::from_days(static_cast<std::int32_t>(v.i)).to_string();
    case TypeKind::kRegion: {
      auto r = Region::from_code(static_cast<std::uint32_t>(v.i));
      if (!r) return v.i == 0 ? std::string(lang == Lang::kZh ? "全国" : "China") : std::to_string(v.i);
      if (trace) return r->to_string();
      return r->full_name(lang);
    }
    case TypeKind::kString: return std::string(v.s);
    case TypeKind::kEnum:
      if (t.enum_values && v.i >= 0 && static_cast<std::size_t>(v.i) < t.enum_count)
        return std::string(t.enum_values[v.i]);
      return std::to_string(v.i);
    default: return "?";
  }
}

std::string any_text(const Value& v, const Type& t, Lang lang, bool trace) {
  if (!v.known) return trace ? "unknown" : (lang == Lang::kZh ? "未知" : "unknown");
  if (t.kind == TypeKind::kList || t.kind == TypeKind::kTable) {
    std::string s = "[";
    if (v.list) {
      const bool table = t.kind == TypeKind::kTable;
      for (std::size_t i = 0; i < v.list->items.size(); ++i) {
        if (i) s += table && i % 2 == 1 ? ": " : ", ";
        TypeKind k = table ? (i % 2 == 0 ? t.key : t.elem) : t.elem;
        s += scalar_text(v.list->items[i], k, t, lang, trace);
      }
    }
    return s + "]";
  }
  return scalar_text(v, t.kind, t, lang, trace);
}

}  // namespace

std::string format_value(const Value& v, const Type& t, Lang lang) { return any_text(v, t, lang, false); }
std::string trace_value(const Value& v, const Type& t) { return any_text(v, t, Lang::kEn, true); }

}  // namespace shebao::internal
