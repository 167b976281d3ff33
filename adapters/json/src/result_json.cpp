// EvalResult -> RESULT.md JSON with a small hand-written streaming writer: one std::string, keys in
// the order written here, so output is deterministic and byte-identical for the same input.
#include "shebao/json/result_json.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shebao/eval/summary.h"
#include "shebao/profile/profile.h"

namespace shebao {

namespace {

// Appends JSON to one string used as a raw buffer: it grows geometrically, bytes are written
// through a pointer, and take() trims it to what was written. Tracks only whether each open
// container is still empty (for the commas) and whether a key was just written (so that the value
// follows it directly).
class Writer {
 public:
  explicit Writer(bool pretty) : pretty_(pretty) { out_.resize(pretty ? 32768 : 16384); }

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  // Keys are identifiers from this file: nothing to escape.
  void key(std::string_view k) {
    separate();
    char* p = room(k.size() + 4);
    *p++ = '"';
    if (!k.empty()) std::memcpy(p, k.data(), k.size());
    p += k.size();
    *p++ = '"';
    *p++ = ':';
    if (pretty_) *p++ = ' ';
    pos_ = static_cast<std::size_t>(p - out_.data());
    after_key_ = true;
  }
  void string(std::string_view s) {
    before_value();
    append_string(s);
  }
  void integer(std::int64_t v) {
    before_value();
    char* p = room(24);
    pos_ = static_cast<std::size_t>(std::to_chars(p, p + 24, v).ptr - out_.data());
  }
  void boolean(bool b) {
    before_value();
    put(b ? std::string_view("true") : std::string_view("false"));
  }
  void null() {
    before_value();
    put(std::string_view("null"));
  }

  // Text the PolicySet holds (names, labels, citations, template wording) or the engine formats:
  // the policy compiler has checked it is UTF-8, so it is only escaped, not validated again.
  void trusted(std::string_view s) {
    before_value();
    append_escaped(s);
  }
  void field_trusted(std::string_view k, std::string_view v) {
    key(k);
    trusted(v);
  }

  // A result text, rendered into a reused buffer and then escaped. Template texts are policy
  // wording with formatted values; owned texts (composed by the engine or by a caller) are checked.
  void text(const ResultText& t, Lang lang) {
    scratch_.clear();
    t.append_to(scratch_, lang);
    if (t.is_owned()) string(scratch_);
    else trusted(scratch_);
  }

  // `k`: {...}, the members written by `body()`.
  template <class Body>
  void object(std::string_view k, Body&& body) {
    key(k);
    begin_object();
    body();
    end_object();
  }
  // `k`: [{...}, ...], one object per item, its members written by `body(item)`.
  template <class Items, class Body>
  void objects(std::string_view k, const Items& items, Body&& body) {
    key(k);
    begin_array();
    for (const auto& item : items) {
      begin_object();
      body(item);
      end_object();
    }
    end_array();
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

  std::string take() {
    out_.resize(pos_);
    pos_ = 0;
    return std::move(out_);
  }

 private:
  static constexpr std::size_t kMaxDepth = 64;  // results nest about 8 deep

  // Makes room for n more bytes and returns where they go.
  char* room(std::size_t n) {
    if (pos_ + n > out_.size()) [[unlikely]]
      grow(n);
    return out_.data() + pos_;
  }
  [[gnu::noinline]] void grow(std::size_t n) { out_.resize(std::max(out_.size() * 2, pos_ + n)); }
  void put(char c) {
    *room(1) = c;
    ++pos_;
  }
  void put(std::string_view s) {
    if (s.empty()) return;  // an empty view may have no data pointer, which memcpy must not get
    std::memcpy(room(s.size()), s.data(), s.size());
    pos_ += s.size();
  }

  void open(char c) {
    before_value();
    put(c);
    if (depth_ < kMaxDepth) empty_[depth_] = true;
    ++depth_;
  }
  void close(char c) {
    const bool was_empty = depth_ == 0 || depth_ > kMaxDepth || empty_[depth_ - 1];
    if (depth_ > 0) --depth_;
    if (!was_empty) newline();
    put(c);
  }
  void before_value() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (depth_ > 0) separate();  // an array element
  }
  void separate() {
    if (depth_ == 0) return;
    bool& empty = empty_[std::min(depth_, kMaxDepth) - 1];
    if (!empty) put(',');
    empty = false;
    newline();
  }
  void newline() {
    if (!pretty_) return;
    char* p = room(1 + 2 * depth_);
    *p = '\n';
    std::memset(p + 1, ' ', 2 * depth_);
    pos_ += 1 + 2 * depth_;
  }

  // Length of a well-formed UTF-8 sequence starting at s[i], or 0 when it is malformed
  // (truncated, overlong, a surrogate or above U+10FFFF).
  static std::size_t utf8_length(const unsigned char* s, std::size_t size, std::size_t i) {
    const unsigned char c = s[i];
    if (c >= 0xE0 && c <= 0xEF) {  // three bytes: all of CJK, the common case here
      if (i + 2 >= size) return 0;
      const unsigned char b1 = s[i + 1], b2 = s[i + 2];
      if ((b1 & 0xC0u) != 0x80u || (b2 & 0xC0u) != 0x80u) return 0;
      if (c == 0xE0 && b1 < 0xA0) return 0;   // overlong
      if (c == 0xED && b1 >= 0xA0) return 0;  // a surrogate
      return 3;
    }
    if (c >= 0xC2 && c <= 0xDF) {
      if (i + 1 >= size || (s[i + 1] & 0xC0u) != 0x80u) return 0;
      return 2;
    }
    if (c >= 0xF0 && c <= 0xF4) {
      if (i + 3 >= size) return 0;
      const unsigned char b1 = s[i + 1];
      if ((b1 & 0xC0u) != 0x80u || (s[i + 2] & 0xC0u) != 0x80u || (s[i + 3] & 0xC0u) != 0x80u) return 0;
      if (c == 0xF0 && b1 < 0x90) return 0;   // overlong
      if (c == 0xF4 && b1 >= 0x90) return 0;  // above U+10FFFF
      return 4;
    }
    return 0;
  }

  // For text that may not be UTF-8: validates as it copies. Runs of bytes that need nothing are
  // copied with one memcpy each; quotes, backslashes, control characters and malformed bytes go
  // through escape().
  void append_string(std::string_view sv) {
    const auto* s = reinterpret_cast<const unsigned char*>(sv.data());
    const std::size_t size = sv.size();
    put('"');
    std::size_t run = 0;  // start of the pending run of bytes copied as they are
    std::size_t i = 0;
    while (i < size) {
      const unsigned char c = s[i];
      if (c < 0x80) {
        // Eight plain ASCII bytes at a time (no control character, quote, backslash or high bit).
        if (i + 8 <= size) {
          std::uint64_t w;
          std::memcpy(&w, s + i, 8);
          constexpr std::uint64_t kOnes = 0x0101010101010101u, kHigh = 0x8080808080808080u;
          const auto zero_byte = [](std::uint64_t x) { return (x - kOnes) & ~x & kHigh; };
          const std::uint64_t special = w | ((w - 0x20 * kOnes) & ~w) | zero_byte(w ^ ('"' * kOnes)) |
                                        zero_byte(w ^ ('\\' * kOnes));
          if ((special & kHigh) == 0) {
            i += 8;
            continue;
          }
        }
        if (c >= 0x20 && c != '"' && c != '\\') {
          ++i;
          continue;
        }
      } else {
        // A three-byte sequence outside E0 (overlong) and ED (surrogates): all of common CJK.
        if ((c & 0xF0u) == 0xE0u && c != 0xE0 && c != 0xED && i + 2 < size && (s[i + 1] & 0xC0u) == 0x80u &&
            (s[i + 2] & 0xC0u) == 0x80u) {
          i += 3;
          continue;
        }
        const std::size_t n = utf8_length(s, size, i);
        if (n != 0) {
          i += n;
          continue;
        }
      }
      put(sv.substr(run, i - run));
      escape(c);  // a byte >= 0x80 here is malformed UTF-8: U+FFFD
      ++i;
      run = i;
    }
    put(sv.substr(run, i - run));
    put('"');
  }

  // Escapes quotes, backslashes and control characters; copies everything else, eight bytes at a
  // time where none of them needs escaping.
  void append_escaped(std::string_view sv) {
    const auto* s = reinterpret_cast<const unsigned char*>(sv.data());
    const std::size_t size = sv.size();
    put('"');
    std::size_t run = 0;
    std::size_t i = 0;
    constexpr std::uint64_t kOnes = 0x0101010101010101u, kHigh = 0x8080808080808080u;
    const auto zero_byte = [](std::uint64_t x) { return (x - kOnes) & ~x & kHigh; };
    while (i < size) {
#if defined(__SSE2__)
      // Sixteen bytes at a time: none below 0x20, none a quote or a backslash.
      if (i + 16 <= size) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
        const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(x, _mm_set1_epi8(0x1F)), _mm_set1_epi8(0x1F));
        const __m128i quote = _mm_cmpeq_epi8(x, _mm_set1_epi8('"'));
        const __m128i backslash = _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'));
        if (_mm_movemask_epi8(_mm_or_si128(control, _mm_or_si128(quote, backslash))) == 0) {
          i += 16;
          continue;
        }
      }
#endif
      if (i + 8 <= size) {
        std::uint64_t w;
        std::memcpy(&w, s + i, 8);
        // A byte below 0x20 (its high bit clear), a quote or a backslash.
        const std::uint64_t special =
            (((w & ~kHigh) - 0x20 * kOnes) & ~w & kHigh) | zero_byte(w ^ ('"' * kOnes)) | zero_byte(w ^ ('\\' * kOnes));
        if (special == 0) {
          i += 8;
          continue;
        }
      }
      const unsigned char c = s[i];
      if (c >= 0x20 && c != '"' && c != '\\') {
        ++i;
        continue;
      }
      put(sv.substr(run, i - run));
      escape(c);
      ++i;
      run = i;
    }
    put(sv.substr(run, i - run));
    put('"');
  }
  void escape(unsigned char c) {
    static constexpr char kHex[] = "0123456789abcdef";
    switch (c) {
      case '"': put("\\\""); break;
      case '\\': put("\\\\"); break;
      case '\n': put("\\n"); break;
      case '\r': put("\\r"); break;
      case '\t': put("\\t"); break;
      case '\b': put("\\b"); break;
      case '\f': put("\\f"); break;
      default:
        if (c < 0x20) {
          const char esc[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0x0F]};
          put(std::string_view(esc, sizeof esc));
        } else {
          put("\xEF\xBF\xBD");  // U+FFFD for a malformed byte: the output stays valid JSON
        }
    }
  }

  bool pretty_;
  bool after_key_ = false;
  std::size_t depth_ = 0;
  std::array<bool, kMaxDepth> empty_{};  // per open container: nothing written in it yet
  std::string out_;
  std::size_t pos_ = 0;
  std::string scratch_;
};

// A writer's answer whatever happens: only std::bad_alloc can leave a writer, and then the
// answer is this fixed error document.
template <class Write>
std::string or_out_of_memory(Write&& write) {
  try {
    return write();
  } catch (...) {
    return R"({"errors":[{"path":"","code":"internal","message":"out of memory"}]})";
  }
}

void write_years_months(Writer& w, std::string_view k, YearsMonths ym) {
  w.object(k, [&] {
    w.field_int("years", ym.years);
    w.field_int("months", ym.months);
  });
}

template <class Strings>
void write_string_array(Writer& w, std::string_view k, const Strings& items) {
  w.key(k);
  w.begin_array();
  for (const auto& s : items) w.trusted(s);
  w.end_array();
}

// A region as a code and its name: `k` and `k`_name.
void write_place(Writer& w, std::string_view k, Region r, Lang lang) {
  w.field_trusted(k, r.to_string());
  w.field_trusted(std::string(k) + "_name", r.full_name(lang));
}

void write_citations(Writer& w, Citations cites) {
  w.objects("citations", cites, [&](const auto& c) {
    w.field_trusted("document", c.document);
    w.field_trusted("article", c.article);
  });
}

template <class Reasons>
void write_reasons(Writer& w, std::string_view k, const Reasons& reasons, Lang lang) {
  w.objects(k, reasons, [&](const auto& r) {
    w.field_trusted("rule", r.rule);
    w.key("text");
    w.text(r.text, lang);
    write_citations(w, r.citations);
  });
}

void write_amounts(Writer& w, std::string_view k, const Amounts& a) {
  w.object(k, [&] {
    w.field_trusted("personal", a.personal.to_string());
    w.field_trusted("employer", a.employer.to_string());
    w.field_trusted("total", a.total.to_string());
  });
}

void write_contribution(Writer& w, const Contribution& c, Lang lang) {
  w.object("contribution", [&] {
    if (c.base_monthly || c.base_min || c.base_max) {
      w.object("base", [&] {
        if (c.base_monthly) w.field_trusted("monthly", c.base_monthly->to_string());
        if (c.base_min) w.field_trusted("min", c.base_min->to_string());
        if (c.base_max) w.field_trusted("max", c.base_max->to_string());
      });
    }
    if (c.rate_personal || c.rate_employer) {
      w.object("rate", [&] {
        if (c.rate_personal) w.field_trusted("personal", c.rate_personal->to_string(2));
        if (c.rate_employer) w.field_trusted("employer", c.rate_employer->to_string(2));
      });
    }
    if (c.monthly) write_amounts(w, "monthly", *c.monthly);
    if (c.annual) write_amounts(w, "annual", *c.annual);
    if (c.government_annual) w.field_trusted("government_annual", c.government_annual->to_string());
    if (c.fixed_annual) {
      w.object("fixed_annual", [&] {
        w.field_trusted("id", c.fixed_annual->id);
        w.field_trusted("label", c.fixed_annual->label.get(lang));
        w.field_trusted("amount", c.fixed_annual->amount.to_string());
      });
    }
    if (!c.options.empty()) {
      w.objects("options", c.options, [&](const auto& o) {
        w.field_trusted("id", o.id);
        w.field_trusted("label", o.label.get(lang));
        if (o.base) w.field_trusted("base", o.base->to_string());
        if (o.monthly) write_amounts(w, "monthly", *o.monthly);
        write_amounts(w, "annual", o.annual);
      });
    }
  });
}

void write_scheme(Writer& w, const EvalResult& r, const SchemeResult& s, Lang lang) {
  w.begin_object();
  w.field_trusted("id", s.id);
  w.field_trusted("status", status_id(s.status));
  if (s.channel) w.field_trusted("channel", channel_id(*s.channel));
  if (s.enrol_region) write_place(w, "enrol_region", *s.enrol_region, lang);
  w.field_trusted("name", s.name.get(lang));
  w.field_bool("determined", s.determined);
  write_reasons(w, "reasons", s.reasons, lang);
  if (s.contribution) write_contribution(w, *s.contribution, lang);
  write_string_array(w, "alternatives", open_alternatives(r, s));
  w.objects("details", s.details, [&](const auto& d) {
    w.field_trusted("id", d.id);
    w.field_trusted("label", d.label.get(lang));
    w.key("value");
    w.string(d.value.text());
    w.field_trusted("unit", d.unit);
  });
  if (!s.needs.empty()) write_string_array(w, "needs", s.needs);
  w.end_object();
}

// The bottom line (shebao/eval/summary.h): actions in order, the total, the one answer that
// would settle what is open, the documents to bring.
void write_summary(Writer& w, const EvalResult& r, Lang lang) {
  const Summary sum = summarize(r);
  w.object("summary", [&] {
    w.objects("actions", sum.actions, [&](const SummaryAction& a) {
      w.field_trusted("kind", action_kind_id(a.kind));
      w.objects("options", a.options, [&](const SummaryOption& o) {
        const SchemeResult& s = *o.scheme;
        w.field_trusted("scheme", s.id);
        w.field_trusted("name", s.name.get(lang));
        w.field_trusted("status", status_id(s.status));
        if (s.channel) w.field_trusted("channel", channel_id(*s.channel));
        if (s.enrol_region) write_place(w, "enrol_region", *s.enrol_region, lang);
        w.key("text");
        w.text(s.advice->text, lang);
        if (o.cost) {
          w.object("cost", [&] {
            if (o.cost->monthly) w.field_trusted("monthly", o.cost->monthly->to_string());
            w.field_trusted("annual", o.cost->annual.to_string());
          });
        }
        w.field_bool("cost_known", o.cost_known);
        if (!s.advice->deadline.empty()) {
          w.key("deadline");
          w.text(s.advice->deadline, lang);
        }
        if (!s.reasons.empty()) write_citations(w, s.reasons.front().citations);
      });
    });
    w.object("total", [&] {
      w.field_trusted("monthly", sum.monthly.to_string());
      w.field_trusted("annual", sum.annual.to_string());
      w.field_bool("at_least", sum.at_least);
      w.field_bool("complete", sum.complete);
    });
    if (sum.settle) {
      w.object("settle", [&] {
        w.field_trusted("path", *sum.settle);
        const FieldSpec* f = find_field(*sum.settle);
        w.field_trusted("label", f != nullptr ? f->label.get(lang) : *sum.settle);
        write_string_array(w, "schemes", sum.settles);
      });
    }
    w.key("bring");
    w.begin_array();
    for (const TextView& b : sum.bring) w.trusted(b.get(lang));
    w.end_array();
  });
}

void write_person(Writer& w, const EvalResult& r, Lang lang) {
  w.object("person", [&] {
    write_years_months(w, "age", r.age);
    if (r.retirement) {
      const RetirementInfo& ri = *r.retirement;
      w.object("retirement", [&] {
        write_years_months(w, "age", ri.age);
        w.field_trusted("date", ri.date.to_string());
        write_years_months(w, "original_age", ri.original_age);
        w.field_int("delay_months", ri.delay_months);
        write_years_months(w, "min_contribution_years", ri.min_contribution);
        w.object("flexible", [&] {
          w.field_trusted("earliest", ri.flexible_earliest.to_string());
          w.field_trusted("latest", ri.flexible_latest.to_string());
        });
        write_citations(w, ri.citations);
      });
    }
    if (r.outlook) {
      const PensionOutlook& o = *r.outlook;
      w.object("outlook", [&] {
        w.field_int("months_paid", o.months_paid);
        w.field_int("months_to_retirement", o.months_to_retirement);
        w.field_int("projected_months", o.projected_months);
        w.field_int("required_months", o.required_months);
        w.field_bool("will_meet_minimum", o.will_meet_minimum);
        w.field_int("shortfall_months", o.shortfall_months);
        write_reasons(w, "advice", o.advice, lang);
      });
    }
  });
}

void write_benefit_place(Writer& w, std::string_view k, const BenefitPlaceInfo& b, Lang lang) {
  static constexpr std::string_view kArticles[] = {"", "第六条（一）", "第六条（二）", "第六条（三）", "第六条（四）"};
  w.object(k, [&] {
    w.field_int("case", b.which);
    w.field_trusted("article", b.which < 5 ? kArticles[b.which] : "");
    write_place(w, "province", b.province, lang);
    write_place(w, "region", b.region, lang);
    w.field_int("total_months", b.total_months);
    // Defended duplicate: a place and a move look alike (two places, then counts); they are two
    // objects of the contract with their own keys.
    w.objects("places", b.places, [&](const RecordPlace& p) {
      write_place(w, "province", p.province, lang);
      write_place(w, "region", p.region, lang);
      w.field_int("months", p.months);
      w.field_int("deemed_months", p.deemed_months);
      w.field_int("temporary_months", p.temporary_months);
      w.field_bool("relation", p.relation);
    });
    w.objects("moves", b.moves, [&](const RecordMoveInfo& m) {  // defended duplicate: see places
      write_place(w, "from_region", m.from, lang);
      write_place(w, "to_region", m.to, lang);
      w.field_int("months", m.months);
      w.field_bool("temporary", m.temporary);
    });
  });
}

void write_resident(Writer& w, const ResidentEstimateInfo& res, Lang lang) {
  using W = ResidentEstimateInfo::Withheld;
  w.begin_object();
  w.field_trusted("id", kResidentOptionId);
  w.field_trusted("scheme", "pension.resident");
  write_place(w, "region", res.region, lang);
  w.field_trusted("draws_from", res.draws_from.to_string());
  w.field_int("required_months", res.required_months);
  if (res.withheld != W::kEmployeeRecord) {
    w.field_int("months", res.months);
    w.field_int("employee_months", res.employee_months);
  }
  if (res.withheld == W::kNone || res.withheld == W::kShortOfYears || res.withheld == W::kShortFromNow) {
    w.field_trusted("grade", res.grade.to_string());
    w.field_trusted("subsidy", res.subsidy.to_string());
    w.field_trusted("monthly_personal", res.monthly_personal.to_string());
    w.field_trusted("payout_months", res.payout_months.to_string(2));
  }
  if (res.withheld == W::kNone) {
    w.field_trusted("basic", res.basic.to_string());
    w.field_trusted("account", res.account.to_string());
    w.field_trusted("total", res.total.to_string());
  }
  w.key("withheld");
  if (res.withheld == W::kNone) {
    w.null();
  } else {
    const EstimateNote n = resident_withheld_note(res.withheld);
    w.begin_object();
    w.field_trusted("code", n.id);
    w.field_trusted("text", lang == Lang::kEn ? n.en : n.zh);
    w.end_object();
  }
  w.key("assumptions");
  w.begin_array();
  auto note = [&](const EstimateNote& n) {
    w.begin_object();
    w.field_trusted("id", n.id);
    w.field_trusted("text", lang == Lang::kEn ? n.en : n.zh);
    w.end_object();
  };
  if (res.withheld == W::kNone) {  // they say how the figure was reached
    for (const EstimateNote& n : resident_estimate_notes()) note(n);
    if (res.past_resident_not_counted) note(resident_past_not_counted_note());
  }
  w.end_array();
  w.end_object();
}

void write_records(Writer& w, const RecordsInfo& rec, Lang lang) {
  w.object("records", [&] {
    if (rec.benefit_place) write_benefit_place(w, "benefit_place", *rec.benefit_place, lang);
    if (rec.benefit_place_at_retirement)
      write_benefit_place(w, "benefit_place_at_retirement", *rec.benefit_place_at_retirement, lang);
    if (rec.paying_at) write_place(w, "paying_at", *rec.paying_at, lang);
    if (rec.medical_years) {
      const MedicalYearsInfo& m = *rec.medical_years;
      w.object("medical_years", [&] {
        write_place(w, "place", m.place, lang);
        w.field_int("months_paid", m.months_paid);
        w.field_int("months_at_retirement", m.months_at_retirement);
        w.field_bool("keeps_paying", m.keeps_paying);
        if (m.required_months) {
          w.field_int("required_months", *m.required_months);
          w.field_int("missing_months", m.missing_months);
        }
      });
    }
    if (rec.estimate) {
      const PensionEstimateInfo& e = *rec.estimate;
      w.object("estimate", [&] {
        w.field_trusted("retirement", e.retirement.to_string());
        w.field_int("months", e.months);
        w.field_trusted("benefit_base", e.benefit_base.to_string());
        write_place(w, "benefit_region", e.benefit_region, lang);
        w.field_trusted("payout_months", e.payout_months.to_string(2));
        w.field_bool("payout_interpolated", e.payout_interpolated);
        if (e.shortfall_months > 0) {
          w.field_int("shortfall_months", e.shortfall_months);
          w.field_trusted("draws_from", e.draws_from.to_string());
        }
        w.objects("options", e.options, [&](const EstimateOption& o) {
          w.field_trusted("id", o.id);
          w.field_trusted("base", o.base.to_string());
          w.field_trusted("monthly_personal", o.monthly_personal.to_string());
          w.field_trusted("basic", o.basic.to_string());
          w.field_trusted("account", o.account.to_string());
          w.field_trusted("total", o.total.to_string());
          if (o.extension_cost) w.field_trusted("extension_cost", o.extension_cost->to_string());
          w.key("compared_to");
          if (o.compared_to.empty()) {
            w.null();
          } else {
            w.trusted(o.compared_to);
            w.field_trusted("more_monthly_personal", o.more_monthly_personal.to_string());
            w.field_trusted("more_total", o.more_total.to_string());
          }
        });
        w.key("one_off_payment");
        if (e.shortfall_months > 0) {
          const EstimateNote n = one_off_payment_note();
          w.begin_object();
          w.field_trusted("text", lang == Lang::kEn ? n.en : n.zh);
          write_citations(w, one_off_payment_citations());
          w.end_object();
        } else {
          w.null();
        }
        w.key("resident");
        if (e.resident) {
          write_resident(w, *e.resident, lang);
        } else {
          w.null();
        }
        w.objects("assumptions", estimate_notes(), [&](const EstimateNote& n) {
          w.field_trusted("id", n.id);
          w.field_trusted("text", lang == Lang::kEn ? n.en : n.zh);
        });
      });
    }
  });
}

// Defended duplicate: the order of the keys is the contract's (from_region, to_region, then the
// names), not write_place's.
void write_transfer(Writer& w, const TransferResult& t, Lang lang) {
  w.begin_object();
  w.field_trusted("scheme", t.scheme);
  if (t.from_region) w.field_trusted("from_region", t.from_region->to_string());
  if (t.to_region) w.field_trusted("to_region", t.to_region->to_string());
  if (t.from_region) w.field_trusted("from_region_name", t.from_region->full_name(lang));
  if (t.to_region) w.field_trusted("to_region_name", t.to_region->full_name(lang));
  w.field_trusted("kind", t.kind);
  w.field_trusted("rule", t.rule);
  w.key("steps");
  w.begin_array();
  for (const auto& s : t.steps) w.text(s, lang);
  w.end_array();
  write_citations(w, t.citations);
  w.end_object();
}

void write_trace(Writer& w, const std::vector<TraceScheme>& trace) {
  w.objects("trace", trace, [&](const TraceScheme& ts) {
    w.field("scheme", ts.scheme);
    w.objects("rules", ts.rules, [&](const auto& tr) {
      w.field("rule", tr.rule);
      w.field("matched", tr.matched);
      w.objects("seen", tr.seen, [&](const auto& v) {
        w.field("path", v.path);
        w.field("value", v.value);
      });
    });
  });
}

std::string render_result(const EvalResult& r, const JsonOptions& opt) {
  const Lang lang = opt.lang;
  Writer w(opt.pretty);
  w.begin_object();
  w.field_trusted("contract_version", kContractVersion);
  w.field_trusted("as_of", r.as_of.to_string());

  w.object("policy_set", [&] {
    w.field_trusted("id", r.policy_set.id);
    w.field_trusted("digest", r.policy_set.digest);
    write_string_array(w, "jurisdictions", r.policy_set.jurisdictions);
  });

  write_person(w, r, lang);

  // Places without local rules (issue 17): said once, before the rest of the answer.
  if (!r.local_rules.empty()) {
    w.object("local_rules", [&] {
      w.key("text");
      w.text(r.local_rules_text, lang);
      w.objects("places", r.local_rules, [&](const auto& p) {
        w.field_trusted("place", p.place);
        write_place(w, "region", p.region, lang);
        w.field_bool("provincial_figures", p.provincial_figures);
      });
    });
  }

  w.object("relationship", [&] {
    w.field_trusted("id", r.relationship.id);
    w.field_trusted("label", r.relationship.label.get(lang));
    w.field_trusted("explanation", r.relationship.explanation.get(lang));
    write_citations(w, r.relationship.citations);
  });

  write_summary(w, r, lang);

  w.key("schemes");
  w.begin_array();
  for (const auto& s : r.schemes) write_scheme(w, r, s, lang);
  w.end_array();

  w.key("transfers");
  w.begin_array();
  for (const auto& t : r.transfers) write_transfer(w, t, lang);
  w.end_array();
  if (r.records) write_records(w, *r.records, lang);

  write_string_array(w, "needs", r.needs);

  w.objects("warnings", r.warnings, [&](const auto& wa) {
    w.field_trusted("code", wa.code);
    w.key("text");
    w.text(wa.text, lang);
    if (!wa.subject.empty()) w.field_trusted("subject", wa.subject);
  });

  if (opt.explain) write_trace(w, r.trace);
  w.end_object();
  return w.take();
}

}  // namespace

std::string result_to_json(const EvalResult& r, const JsonOptions& opt) {
  return or_out_of_memory([&] { return render_result(r, opt); });
}

std::string errors_to_json(const std::vector<FieldError>& errors, Lang lang) {
  return or_out_of_memory([&] {
    Writer w(false);
    w.begin_object();
    w.objects("errors", errors, [&](const FieldError& e) {
      w.field("path", e.path);
      w.field("code", e.code);
      w.field("message", e.message_in(lang));
      if (e.line != 0) {  // where in the text, when known
        w.field_int("line", e.line);
        w.field_int("column", e.column);
      }
    });
    w.end_object();
    return w.take();
  });
}

std::string retirement_to_json(const RetirementAnswer& a, std::string_view sex, const JsonOptions& opt) {
  return or_out_of_memory([&] {
    Writer w(opt.pretty);
    w.begin_object();
    w.field("birth", a.birth.to_string());
    w.field("sex", sex);
    write_years_months(w, "original_age", YearsMonths::of(a.original_age_months));
    w.field_int("delay_months", a.delay_months);
    write_years_months(w, "age", YearsMonths::of(a.age_months));
    w.field("date", a.date.to_string());
    write_years_months(w, "min_contribution_years", YearsMonths::of(a.min_contribution_months));
    w.object("flexible", [&] {
      w.field("earliest", a.flexible_earliest.to_string());
      w.field("latest", a.flexible_latest.to_string());
    });
    w.end_object();
    return w.take();
  });
}

}  // namespace shebao
