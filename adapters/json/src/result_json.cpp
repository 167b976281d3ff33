// EvalResult -> RESULT.md JSON with a small hand-written streaming writer: one std::string, keys in
// the order written here, so output is deterministic and byte-identical for the same input.
#include "shebao/json/result_json.h"

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shebao {

namespace {

// Appends JSON to one string. Tracks only whether the current container is still empty (for the
// commas) and whether a key was just written (so that the value follows it directly).
class Writer {
 public:
  explicit Writer(bool pretty) : pretty_(pretty) { out_.reserve(pretty ? 32768 : 16384); }

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  void key(std::string_view k) {
    separate();
    out_ += '"';
    out_.append(k);  // keys are identifiers from this file: nothing to escape
    out_ += pretty_ ? "\": " : "\":";
    after_key_ = true;
  }
  void string(std::string_view s) {
    before_value();
    append_string(s);
  }
  void integer(std::int64_t v) {
    before_value();
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, res.ptr);
  }
  void boolean(bool b) {
    before_value();
    out_ += b ? "true" : "false";
  }

  // A result text, rendered into a reused buffer and then escaped.
  void text(const ResultText& t, Lang lang) {
    scratch_.clear();
    t.append_to(scratch_, lang);
    string(scratch_);
  }

  // key + value shorthands.
  void field(std::string_view k, std::string_view v) {
    key(k);
    string(v);
  }
  void field_int(std::string_view k, std::int64_t v) {
    key(k);
    integer(v);
  }
  void field_bool(std::string_view k, bool v) {
    key(k);
    boolean(v);
  }

  std::string take() { return std::move(out_); }

 private:
  void open(char c) {
    before_value();
    out_ += c;
    empty_.push_back(true);
  }
  void close(char c) {
    const bool was_empty = empty_.empty() || empty_.back();
    if (!empty_.empty()) empty_.pop_back();
    if (!was_empty) newline();
    out_ += c;
  }
  void before_value() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (!empty_.empty()) separate();  // an array element
  }
  void separate() {
    if (empty_.empty()) return;
    if (!empty_.back()) out_ += ',';
    empty_.back() = false;
    newline();
  }
  void newline() {
    if (!pretty_) return;
    out_ += '\n';
    out_.append(2 * empty_.size(), ' ');
  }

  // Length of a well-formed UTF-8 sequence starting at s[i], or 0 when it is malformed
  // (truncated, overlong, a surrogate or above U+10FFFF).
  static std::size_t utf8_length(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 2;
      cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 3;
      cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 4;
      cp = c & 0x07u;
    } else {
      return 0;
    }
    if (i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
      if ((b(i + k) & 0xC0u) != 0x80u) return 0;
      cp = (cp << 6) | (b(i + k) & 0x3Fu);
    }
    if (n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return 0;
    if (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return 0;
    return n;
  }

  // Copies runs of bytes that need no escaping with one append each; only quotes, backslashes,
  // control characters and malformed UTF-8 are handled byte by byte.
  void append_string(std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    out_ += '"';
    const char* const data = s.data();
    const std::size_t size = s.size();
    std::size_t run = 0;  // start of the pending run of bytes copied as they are
    std::size_t i = 0;
    while (i < size) {
      const auto c = static_cast<unsigned char>(data[i]);
      if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
        ++i;
        continue;
      }
      if (c >= 0x80) {
        const std::size_t n = utf8_length(s, i);
        if (n != 0) {
          i += n;
          continue;
        }
      }
      out_.append(data + run, i - run);
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        case '\b': out_ += "\\b"; break;
        case '\f': out_ += "\\f"; break;
        default:
          if (c < 0x20) {
            out_ += "\\u00";
            out_ += kHex[c >> 4];
            out_ += kHex[c & 0x0F];
          } else {
            out_ += "\xEF\xBF\xBD";  // U+FFFD for a malformed byte: the output stays valid JSON
          }
      }
      ++i;
      run = i;
    }
    out_.append(data + run, i - run);
    out_ += '"';
  }

  bool pretty_;
  bool after_key_ = false;
  std::vector<bool> empty_;  // one per open container: nothing written in it yet
  std::string out_;
  std::string scratch_;
};

void write_years_months(Writer& w, std::string_view k, YearsMonths ym) {
  w.key(k);
  w.begin_object();
  w.field_int("years", ym.years);
  w.field_int("months", ym.months);
  w.end_object();
}

template <class Strings>
void write_string_array(Writer& w, std::string_view k, const Strings& items) {
  w.key(k);
  w.begin_array();
  for (const auto& s : items) w.string(s);
  w.end_array();
}

void write_citations(Writer& w, Citations cites) {
  w.key("citations");
  w.begin_array();
  for (const auto& c : cites) {
    w.begin_object();
    w.field("document", c.document);
    w.field("article", c.article);
    w.end_object();
  }
  w.end_array();
}

template <class Reasons>
void write_reasons(Writer& w, std::string_view k, const Reasons& reasons, Lang lang) {
  w.key(k);
  w.begin_array();
  for (const auto& r : reasons) {
    w.begin_object();
    w.field("rule", r.rule);
    w.key("text");
    w.text(r.text, lang);
    write_citations(w, r.citations);
    w.end_object();
  }
  w.end_array();
}

void write_amounts(Writer& w, std::string_view k, const Amounts& a) {
  w.key(k);
  w.begin_object();
  w.field("personal", a.personal.to_string());
  w.field("employer", a.employer.to_string());
  w.field("total", a.total.to_string());
  w.end_object();
}

void write_contribution(Writer& w, const Contribution& c, Lang lang) {
  w.key("contribution");
  w.begin_object();
  if (c.base_monthly || c.base_min || c.base_max) {
    w.key("base");
    w.begin_object();
    if (c.base_monthly) w.field("monthly", c.base_monthly->to_string());
    if (c.base_min) w.field("min", c.base_min->to_string());
    if (c.base_max) w.field("max", c.base_max->to_string());
    w.end_object();
  }
  if (c.rate_personal || c.rate_employer) {
    w.key("rate");
    w.begin_object();
    if (c.rate_personal) w.field("personal", c.rate_personal->to_string(2));
    if (c.rate_employer) w.field("employer", c.rate_employer->to_string(2));
    w.end_object();
  }
  if (c.monthly) write_amounts(w, "monthly", *c.monthly);
  if (c.annual) write_amounts(w, "annual", *c.annual);
  if (c.government_annual) w.field("government_annual", c.government_annual->to_string());
  if (!c.options.empty()) {
    w.key("options");
    w.begin_array();
    for (const auto& o : c.options) {
      w.begin_object();
      w.field("id", o.id);
      w.field("label", o.label.get(lang));
      if (o.base) w.field("base", o.base->to_string());
      if (o.monthly) write_amounts(w, "monthly", *o.monthly);
      write_amounts(w, "annual", o.annual);
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
}

void write_scheme(Writer& w, const SchemeResult& s, Lang lang) {
  w.begin_object();
  w.field("id", s.id);
  w.field("status", status_id(s.status));
  if (s.channel) w.field("channel", channel_id(*s.channel));
  if (s.enrol_region) {
    w.field("enrol_region", s.enrol_region->to_string());
    w.field("enrol_region_name", s.enrol_region->full_name(lang));
  }
  w.field("name", s.name.get(lang));
  w.field_bool("determined", s.determined);
  write_reasons(w, "reasons", s.reasons, lang);
  if (s.contribution) write_contribution(w, *s.contribution, lang);
  write_string_array(w, "alternatives", s.alternatives);
  w.key("details");
  w.begin_array();
  for (const auto& d : s.details) {
    w.begin_object();
    w.field("id", d.id);
    w.field("label", d.label.get(lang));
    w.field("value", d.value);
    w.field("unit", d.unit);
    w.end_object();
  }
  w.end_array();
  if (!s.needs.empty()) write_string_array(w, "needs", s.needs);
  w.end_object();
}

void write_person(Writer& w, const EvalResult& r, Lang lang) {
  w.key("person");
  w.begin_object();
  write_years_months(w, "age", r.age);
  if (r.retirement) {
    const RetirementInfo& ri = *r.retirement;
    w.key("retirement");
    w.begin_object();
    write_years_months(w, "age", ri.age);
    w.field("date", ri.date.to_string());
    write_years_months(w, "original_age", ri.original_age);
    w.field_int("delay_months", ri.delay_months);
    write_years_months(w, "min_contribution_years", ri.min_contribution);
    w.key("flexible");
    w.begin_object();
    w.field("earliest", ri.flexible_earliest.to_string());
    w.field("latest", ri.flexible_latest.to_string());
    w.end_object();
    write_citations(w, ri.citations);
    w.end_object();
  }
  if (r.outlook) {
    const PensionOutlook& o = *r.outlook;
    w.key("outlook");
    w.begin_object();
    w.field_int("months_paid", o.months_paid);
    w.field_int("months_to_retirement", o.months_to_retirement);
    w.field_int("projected_months", o.projected_months);
    w.field_int("required_months", o.required_months);
    w.field_bool("will_meet_minimum", o.will_meet_minimum);
    w.field_int("shortfall_months", o.shortfall_months);
    write_reasons(w, "advice", o.advice, lang);
    w.end_object();
  }
  w.end_object();
}

void write_transfer(Writer& w, const TransferResult& t, Lang lang) {
  w.begin_object();
  w.field("scheme", t.scheme);
  if (t.from_region) w.field("from_region", t.from_region->to_string());
  if (t.to_region) w.field("to_region", t.to_region->to_string());
  w.field("kind", t.kind);
  w.field("rule", t.rule);
  w.key("steps");
  w.begin_array();
  for (const auto& s : t.steps) w.text(s, lang);
  w.end_array();
  write_citations(w, t.citations);
  w.end_object();
}

void write_trace(Writer& w, const std::vector<TraceScheme>& trace) {
  w.key("trace");
  w.begin_array();
  for (const auto& ts : trace) {
    w.begin_object();
    w.field("scheme", ts.scheme);
    w.key("rules");
    w.begin_array();
    for (const auto& tr : ts.rules) {
      w.begin_object();
      w.field("rule", tr.rule);
      w.field("matched", tr.matched);
      w.key("seen");
      w.begin_array();
      for (const auto& v : tr.seen) {
        w.begin_object();
        w.field("path", v.path);
        w.field("value", v.value);
        w.end_object();
      }
      w.end_array();
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
}

std::string render_result(const EvalResult& r, const JsonOptions& opt) {
  const Lang lang = opt.lang;
  Writer w(opt.pretty);
  w.begin_object();
  w.field("as_of", r.as_of.to_string());

  w.key("policy_set");
  w.begin_object();
  w.field("id", r.policy_set.id);
  w.field("digest", r.policy_set.digest);
  write_string_array(w, "jurisdictions", r.policy_set.jurisdictions);
  w.end_object();

  write_person(w, r, lang);

  w.key("relationship");
  w.begin_object();
  w.field("id", r.relationship.id);
  w.field("label", r.relationship.label.get(lang));
  w.field("explanation", r.relationship.explanation.get(lang));
  write_citations(w, r.relationship.citations);
  w.end_object();

  w.key("schemes");
  w.begin_array();
  for (const auto& s : r.schemes) write_scheme(w, s, lang);
  w.end_array();

  w.key("transfers");
  w.begin_array();
  for (const auto& t : r.transfers) write_transfer(w, t, lang);
  w.end_array();

  write_string_array(w, "needs", r.needs);

  w.key("warnings");
  w.begin_array();
  for (const auto& wa : r.warnings) {
    w.begin_object();
    w.field("code", wa.code);
    w.key("text");
    w.text(wa.text, lang);
    if (!wa.subject.empty()) w.field("subject", wa.subject);
    w.end_object();
  }
  w.end_array();

  if (opt.explain) write_trace(w, r.trace);
  w.end_object();
  return w.take();
}

}  // namespace

std::string result_to_json(const EvalResult& r, const JsonOptions& opt) {
  try {
    return render_result(r, opt);
  } catch (...) {  // only std::bad_alloc can get here
    return R"({"errors":[{"path":"","code":"internal","message":"out of memory"}]})";
  }
}

std::string errors_to_json(const std::vector<FieldError>& errors, Lang lang) {
  try {
    Writer w(false);
    w.begin_object();
    w.key("errors");
    w.begin_array();
    for (const auto& e : errors) {
      w.begin_object();
      w.field("path", e.path);
      w.field("code", e.code);
      w.field("message", lang == Lang::kZh && !e.message_zh.empty() ? e.message_zh : e.message);
      w.end_object();
    }
    w.end_array();
    w.end_object();
    return w.take();
  } catch (...) {
    return R"({"errors":[{"path":"","code":"internal","message":"out of memory"}]})";
  }
}

std::string retirement_to_json(const RetirementAnswer& a, std::string_view sex,
                               const JsonOptions& opt) {
  try {
    Writer w(opt.pretty);
    w.begin_object();
    w.field("birth", a.birth.to_string());
    w.field("sex", sex);
    write_years_months(w, "original_age", YearsMonths::of(a.original_age_months));
    w.field_int("delay_months", a.delay_months);
    write_years_months(w, "age", YearsMonths::of(a.age_months));
    w.field("date", a.date.to_string());
    write_years_months(w, "min_contribution_years", YearsMonths::of(a.min_contribution_months));
    w.key("flexible");
    w.begin_object();
    w.field("earliest", a.flexible_earliest.to_string());
    w.field("latest", a.flexible_latest.to_string());
    w.end_object();
    w.end_object();
    return w.take();
  } catch (...) {
    return R"({"errors":[{"path":"","code":"internal","message":"out of memory"}]})";
  }
}

}  // namespace shebao
