// Fuzz target: the policy expression language. Input = one expression text.
// It is compiled (parsed + type-checked) as a pack would, with several expected types and a
// parameter of every type in scope; every expression that compiles is then evaluated against a
// typical profile, an all-unknown profile and an extreme one, by the interpreter (with every
// lowering, and with none) and by the reference evaluator over the nodes as parsed, and its value
// is formatted. Findings: crashes, sanitizer reports, an expression that compiles to the wrong
// type, and the interpreter disagreeing with the reference (value or unknown fields noted).
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "expr/expr.h"
#include "expr/reference.h"

namespace {

using namespace shebao;
using namespace shebao::internal;

struct FuzzParam {
  ParamInfo info;
  Value value;  // `known == false`: a parameter with no value
};

// The parameters in scope; values are built once, lists and tables in `pool`.
struct Params {
  std::vector<FuzzParam> params;
  std::vector<std::unique_ptr<ListData>> pool;

  Params() {
    auto add = [&](const char* id, Type t, Value v) { params.push_back({{id, t}, v}); };
    auto list = [&](std::vector<Value> items, std::vector<std::string> strings = {}) {
      auto d = std::make_unique<ListData>();
      d->strings = std::move(strings);
      d->items = std::move(items);
      for (std::size_t i = 0; i < d->strings.size() && i < d->items.size(); ++i) d->items[i].s = d->strings[i];
      const ListData* p = d.get();
      pool.push_back(std::move(d));
      return Value::of_list(p);
    };
    const auto kI64Max = std::numeric_limits<std::int64_t>::max();
    const auto kI64Min = std::numeric_limits<std::int64_t>::min();
    add("avg_wage_monthly", Type::of(TypeKind::kMoney), Value::of_int(726300));
    add("huge_money", Type::of(TypeKind::kMoney), Value::of_int(kI64Max));
    add("tiny_money", Type::of(TypeKind::kMoney), Value::of_int(kI64Min));
    add("rate", Type::of(TypeKind::kNumber), Value::of_int(200000));
    add("huge_number", Type::of(TypeKind::kNumber), Value::of_int(kI64Max));
    add("neg_number", Type::of(TypeKind::kNumber), Value::of_int(kI64Min));
    add("zero", Type::of(TypeKind::kNumber), Value::of_int(0));
    add("waiting", Type::of(TypeKind::kMonths), Value::of_int(6));
    add("huge_months", Type::of(TypeKind::kMonths), Value::of_int(100000));  // the largest literal
    add("start", Type::of(TypeKind::kDate), Value::of_int(Date::from_ymd(2025, 1, 1)->days()));
    add("far_date", Type::of(TypeKind::kDate), Value::of_int(Date::from_ymd(2200, 12, 31)->days()));
    add("flag", Type::of(TypeKind::kBool), Value::of_bool(true));
    add("name", Type::of(TypeKind::kString), Value::of_string("meituan"));
    add("capital", Type::of(TypeKind::kRegion), Value::of_int(530100));
    add("missing", Type::of(TypeKind::kMoney), Value::unknown());
    add("missing_bool", Type::of(TypeKind::kBool), Value::unknown());
    add("regions", Type::list_of(TypeKind::kRegion), list({Value::of_int(530000), Value::of_int(530902)}));
    add("platforms", Type::list_of(TypeKind::kString),
        list({Value::of_string(""), Value::of_string("")}, {"meituan", "eleme"}));
    add("grades", Type::list_of(TypeKind::kMoney), list({Value::of_int(20000), Value::of_int(kI64Max)}));
    add("empty_list", Type::list_of(TypeKind::kMoney), list({}));
    add("wage_by_region", Type::table_of(TypeKind::kRegion, TypeKind::kMoney),
        list({Value::of_int(530100), Value::of_int(800000), Value::of_int(530900), Value::of_int(650000)}));
    add("rate_by_platform", Type::table_of(TypeKind::kString, TypeKind::kNumber),
        list({Value::of_string(""), Value::of_int(10000)}, {"meituan"}));
  }

  const ParamInfo* find(std::string_view id, std::uint32_t* index) const {
    for (std::size_t i = 0; i < params.size(); ++i)
      if (params[i].info.id == id) {
        *index = static_cast<std::uint32_t>(i);
        return &params[i].info;
      }
    return nullptr;
  }
};

const Params& params() {
  static const Params p;
  return p;
}

enum class Flavor { kTypical, kUnknown, kExtreme };

class FuzzEnv final : public EvalEnv {
 public:
  explicit FuzzEnv(Flavor f, bool tracing) : flavor_(f), tracing_(tracing) {}
  Value field(FieldId id) const override {
    if (flavor_ == Flavor::kUnknown) return Value::unknown();
    const FieldSpec& s = field_spec(id);
    const bool x = flavor_ == Flavor::kExtreme;
    switch (s.type) {
      case FieldType::kDate:
        return Value::of_int(x ? Date::from_ymd(2200, 12, 31)->days() : Date::from_ymd(1992, 3, 1)->days());
      case FieldType::kEnum: return Value::of_int(x ? static_cast<std::int64_t>(s.enum_values.size()) - 1 : 0);
      case FieldType::kRegion: return Value::of_int(x ? 659999 : 530102);
      case FieldType::kBool: return Value::of_bool(x);
      case FieldType::kMoney: return Value::of_int(x ? 1'000'000'000LL * 100 : 520000);
      case FieldType::kMonths: return Value::of_int(x ? 1200 : 24);
      case FieldType::kYears: return Value::of_int(x ? 55 * 12 : 50 * 12);
      case FieldType::kDecimal: return Value::of_int(x ? 10'000'000 : 600000);
      case FieldType::kString:
        return Value::of_string(x ? std::string_view("a_very_long_platform_id_of_40_chars_xxxx") : "meituan");
      case FieldType::kYearCount: return Value::of_int(x ? 120 * 12 : 12);
    }
    return Value::unknown();
  }
  Value derived(Op op) const override {
    if (flavor_ == Flavor::kUnknown && op != Op::kAsOf && op != Op::kAge) return Value::unknown();
    const bool x = flavor_ == Flavor::kExtreme;
    switch (op) {
      case Op::kAsOf: return Value::of_int(Date::from_ymd(x ? 2200 : 2026, 11, 28)->days());
      case Op::kAge: return Value::of_int(x ? 121 * 12 : 34 * 12);
      case Op::kRetAge: return Value::of_int(63 * 12);
      case Op::kRetOriginalAge: return Value::of_int(60 * 12);
      case Op::kRetMinContribution: return Value::of_int(20 * 12);
      case Op::kRetDate: return Value::of_int(Date::from_ymd(x ? 2200 : 2055, 3, 1)->days());
      default: return Value::unknown();
    }
  }
  Value param(std::uint32_t index, std::uint16_t selector, bool /*quiet*/) override {
    if (selector > 3) std::abort();  // the compiler only produces 0..3
    const auto& ps = params().params;
    if (index >= ps.size()) std::abort();
    if (flavor_ == Flavor::kUnknown) return Value::unknown();
    return ps[index].value;
  }
  void note_unknown_field(FieldId id) override {
    if (static_cast<std::size_t>(id) >= kFieldCount) std::abort();
    noted.push_back(id);
  }
  std::vector<FieldId> noted;  // unknown fields read, in order
  bool tracing() const override { return tracing_; }
  void trace(const Node& n, const Value& v) override {
    if (v.known) sink_ += trace_value(v, n.type).size();
  }

 private:
  Flavor flavor_;
  bool tracing_;
  std::size_t sink_ = 0;
};

void check_value(const Value& v, const Type& t) {
  if (!v.known) return;
  // Formatting must work for any value an expression can produce.
  (void)format_value(v, t, Lang::kZh);
  (void)format_value(v, t, Lang::kEn);
  (void)trace_value(v, t);
  if (t.kind == TypeKind::kBool && v.i != 0 && v.i != 1) {
    std::fprintf(stderr, "bool expression evaluated to %lld\n", static_cast<long long>(v.i));
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 16384) return 0;  // the compiler rejects > 8192 characters before parsing
  const std::string text(reinterpret_cast<const char*>(data), size);
  ExprEnv env;
  env.find_param = [](std::string_view id, std::uint32_t* index) { return params().find(id, index); };

  Program prog;
  const std::string raw = "when: " + text;
  struct Try {
    Type expected;
    bool allow_enrol;
    bool with_raw;
  };
  const Try tries[] = {
      {Type::of(TypeKind::kInvalid), false, false},
      {Type::of(TypeKind::kBool), true, true},
      {Type::of(TypeKind::kMoney), true, false},
      {Type::list_of(TypeKind::kRegion), false, true},
  };
  for (const Try& t : tries) {
    env.allow_enrol = t.allow_enrol;
    ExprSource src{"fuzz.yaml", t.with_raw ? std::string_view(raw) : std::string_view(), {1, 7}};
    std::vector<ExprError> errors;
    const std::size_t before = errors.size();
    auto root = prog.compile(text, src, env, t.expected, errors);
    if (!root) {
      if (errors.size() == before) {
        std::fprintf(stderr, "compile failed without an error message\n");
        std::abort();
      }
      continue;
    }
    if (!errors.empty()) {
      std::fprintf(stderr, "compile succeeded but reported errors\n");
      std::abort();
    }
    const Node& n = prog.node(*root);
    if (t.expected.kind != TypeKind::kInvalid && !(n.type == t.expected)) {
      std::fprintf(stderr, "expression compiled to %s, expected %s\n", n.type.name().c_str(),
                   t.expected.name().c_str());
      std::abort();
    }
    std::bitset<kFieldCount> fields;
    std::vector<std::uint32_t> ps;
    prog.collect_reads(*root, fields, ps);
    const Type type = n.type;
    for (Flavor f : {Flavor::kTypical, Flavor::kUnknown, Flavor::kExtreme}) {
      FuzzEnv ref_env(f, f == Flavor::kTypical);
      const Value want = evaluate_reference(prog, *root, ref_env);
      check_value(want, type);
      for (const Lowering& l : {Lowering{}, Lowering::none()}) {
        prog.relower(l);
        FuzzEnv e(f, false);
        const Value got = evaluate(prog, *root, e);
        check_value(got, type);
        const std::string a = got.known ? trace_value(got, type) : "unknown";
        const std::string b = want.known ? trace_value(want, type) : "unknown";
        if (a != b || e.noted != ref_env.noted) {
          std::fprintf(stderr,
                       "interpreter (%s lowering) gives %s, the reference %s (%zu vs %zu unknown fields noted)\n",
                       l.fuse_field_tests ? "full" : "no", a.c_str(), b.c_str(), e.noted.size(), ref_env.noted.size());
          std::abort();
        }
      }
      prog.relower(Lowering{});
    }
  }
  return 0;
}
