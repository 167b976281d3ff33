// Tests of the policy expression language (engine/src/expr/): lexer, parser, type checker with
// context-typed literals, error messages and positions, and three-valued evaluation.
#include "expr/expr.h"
#include "expr/reference.h"

#include <gtest/gtest.h>

#include <bitset>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "shebao/yaml/yaml_doc.h"

namespace shebao::internal {
namespace {

// An evaluation environment with fixed field, derived and parameter values.
class TestEnv final : public EvalEnv {
 public:
  std::map<FieldId, Value> fields;
  std::map<Op, Value> derived_values;
  std::vector<Value> params;
  std::vector<std::pair<std::uint32_t, std::uint16_t>> param_calls;  // (index, selector)
  std::vector<FieldId> noted;                                        // unknown fields read
  bool trace_on = false;
  std::vector<std::string> traced;

  Value field(FieldId id) const override {
    auto it = fields.find(id);
    return it == fields.end() ? Value::unknown() : it->second;
  }
  Value derived(Op op) const override {
    auto it = derived_values.find(op);
    return it == derived_values.end() ? Value::unknown() : it->second;
  }
  Value param(std::uint32_t index, std::uint16_t selector, bool /*quiet*/) override {
    param_calls.emplace_back(index, selector);
    return index < params.size() ? params[index] : Value::unknown();
  }
  void note_unknown_field(FieldId id) override { noted.push_back(id); }
  bool tracing() const override { return trace_on; }
  void trace(const Node& n, const Value& v) override { traced.push_back(n.path + "=" + trace_value(v, n.type)); }
};

Value days(std::string_view iso) { return Value::of_int(Date::parse(iso).value().days()); }
Value region(std::string_view code) { return Value::of_int(Region::parse(code).value().code()); }

class ExprTest : public ::testing::Test {
 protected:
  ExprTest() {
    // Parameters: id, type, value as YAML text ("" = no value in force: unknown).
    declare("avg_wage", "money", "\"7263.00\"");
    declare("floor_ratio", "number", "0.6");
    declare("cap_ratio", "number", "3");
    declare("rate", "number", "0.2");
    declare("small", "money", "\"0.03\"");
    declare("missing", "money", "");
    declare("regions", "list<region>", "[\"530000\", \"530102\"]");
    declare("platforms", "list<string>", "[meituan, eleme]");
    declare("fees", "table<string,money>", "[[meituan, \"1.20\"], [eleme, \"0.90\"]]");
    declare("waiting", "table<region,number>", "[[\"530902\", 2], [\"530102\", 3]]");
    declare("start", "date", "2025-07-01");
    declare("min_years", "months", "15y");
    declare("flag", "bool", "true");
    declare("missing_list", "list<region>", "");
    cenv_.find_param = [this](std::string_view id, std::uint32_t* index) -> const ParamInfo* {
      for (std::size_t i = 0; i < infos_.size(); ++i)
        if (infos_[i].id == id) {
          *index = static_cast<std::uint32_t>(i);
          return &infos_[i];
        }
      return nullptr;
    };
    // A platform rider in Kunming, born 1992-03-15, asked on 2026-11-28.
    env_.fields[FieldId::kWorkRegion] = region("530102");
    env_.fields[FieldId::kHukouRegion] = region("530902");
    env_.fields[FieldId::kRelationship] = Value::of_int(enums::kPlatformManaged);
    env_.fields[FieldId::kSex] = Value::of_int(enums::kFemale);
    env_.fields[FieldId::kBirth] = days("1992-03-15");
    env_.fields[FieldId::kPlatform] = Value::of_string("meituan");
    env_.fields[FieldId::kStudent] = Value::of_bool(false);
    env_.fields[FieldId::kPensionMonthsPaid] = Value::of_int(37);
    env_.derived_values[Op::kAsOf] = days("2026-11-28");
    env_.derived_values[Op::kAge] = Value::of_int(34 * 12 + 8);
    env_.derived_values[Op::kRetAge] = Value::of_int(58 * 12);
    env_.derived_values[Op::kRetMinContribution] = Value::of_int(20 * 12);
    // work.monthly_income, choices.pension_base_ratio, retirement.original_age: unknown.
  }

  void declare(std::string id, std::string type, std::string yaml_value) {
    auto t = parse_type_name(type);
    ASSERT_TRUE(t) << type;
    infos_.push_back({std::move(id), *t});
    if (yaml_value.empty()) {
      env_.params.push_back(Value::unknown());
      return;
    }
    auto doc = parse_yaml(yaml_value);
    ASSERT_TRUE(doc.ok()) << yaml_value;
    std::string err;
    auto v = parse_value(*doc.root, *t, prog_.pool(), err);
    ASSERT_TRUE(v) << yaml_value << ": " << err;
    env_.params.push_back(*v);
  }

  // Compiles `text` (positions: the text is line 1 of its own file, column 1).
  std::optional<std::uint32_t> compile(std::string_view text, const Type& expected = {}, bool in_then = false) {
    errors_.clear();
    cenv_.allow_enrol = in_then;
    ExprSource src{"t.yaml", text, {1, 1}};
    return prog_.compile(text, src, cenv_, expected, errors_);
  }
  // Evaluates `text` and formats the result for traces ("4357.80", "186m", "unknown", ...).
  std::string run(std::string_view text, const Type& expected = {}) {
    auto root = compile(text, expected);
    if (!root) {
      ADD_FAILURE() << text << ": " << (errors_.empty() ? "?" : errors_[0].message);
      return "(error)";
    }
    // The interpreter (lowered nodes) and the reference evaluator (nodes as parsed, the one that
    // traces) must agree on the value and on the unknown fields noted.
    const Type& t = prog_.node(*root).type;
    TestEnv fast_env = env_;
    fast_env.trace_on = false;
    const std::string fast = trace_value(evaluate(prog_, *root, fast_env), t);
    const std::string reference = trace_value(evaluate_reference(prog_, *root, env_), t);
    EXPECT_EQ(fast, reference) << text;
    EXPECT_EQ(fast_env.noted, env_.noted) << text;
    return reference;
  }
  std::string type_of(std::string_view text) {
    auto root = compile(text);
    if (!root) return "(error: " + (errors_.empty() ? std::string("?") : errors_[0].message) + ")";
    return prog_.node(*root).type.name();
  }
  // "column: message" of the single error compiling `text`.
  std::string error(std::string_view text, const Type& expected = {}, bool in_then = false) {
    auto root = compile(text, expected, in_then);
    if (root) return "(compiled)";
    if (errors_.size() != 1) return "(" + std::to_string(errors_.size()) + " errors)";
    return std::to_string(errors_[0].pos.line) + ":" + std::to_string(errors_[0].pos.column) + ": " +
           errors_[0].message;
  }

  Program prog_;
  std::vector<ParamInfo> infos_;
  ExprEnv cenv_;
  TestEnv env_;
  std::vector<ExprError> errors_;
};

constexpr const char* kRelationships = "employee, part_time, platform_managed, self_employed, dispatched, outsourced";

// ---- literals and types ----------------------------------------------------------------------

TEST_F(ExprTest, LiteralTypes) {
  EXPECT_EQ(type_of("0.6"), "number");
  EXPECT_EQ(type_of("20"), "number");
  EXPECT_EQ(type_of("16y"), "months");
  EXPECT_EQ(type_of("@2025-07-01"), "date");
  EXPECT_EQ(type_of("\"meituan\""), "string");
  EXPECT_EQ(type_of("'meituan'"), "string");
  EXPECT_EQ(type_of("true"), "bool");
  EXPECT_EQ(type_of("[1, 2]"), "list<number>");
  EXPECT_EQ(type_of("[\"a\", \"b\"]"), "list<string>");
  EXPECT_EQ(run("0.6"), "0.6");
  EXPECT_EQ(run("-0.6"), "-0.6");
  EXPECT_EQ(run("15y6m"), "186m");
  EXPECT_EQ(run("16y"), "192m");
  EXPECT_EQ(run("6m"), "6m");
  EXPECT_EQ(run("0m"), "0m");
  EXPECT_EQ(run("@2025-07-01"), "2025-07-01");
  EXPECT_EQ(run("\"meituan\""), "meituan");
  EXPECT_EQ(run("false"), "false");
}

TEST_F(ExprTest, NamesHaveTheirTypes) {
  EXPECT_EQ(type_of("person.birth"), "date");
  EXPECT_EQ(type_of("work.region"), "region");
  EXPECT_EQ(type_of("work.monthly_income"), "money");
  EXPECT_EQ(type_of("work.platform"), "string");
  EXPECT_EQ(type_of("person.student"), "bool");
  EXPECT_EQ(type_of("coverage.pension.months_paid"), "months");
  EXPECT_EQ(type_of("person.female_original_retirement_age"), "months");
  EXPECT_EQ(type_of("choices.pension_base_ratio"), "number");
  EXPECT_EQ(type_of("person.sex"), "enum{male,female}");
  EXPECT_EQ(type_of("as_of"), "date");
  EXPECT_EQ(type_of("age"), "months");
  EXPECT_EQ(type_of("retirement.age"), "months");
  EXPECT_EQ(type_of("retirement.original_age"), "months");
  EXPECT_EQ(type_of("retirement.min_contribution"), "months");
  EXPECT_EQ(type_of("retirement.date"), "date");
  EXPECT_EQ(type_of("param.avg_wage"), "money");
  EXPECT_EQ(type_of("param.regions"), "list<region>");
  EXPECT_EQ(type_of("param.fees"), "table<string,money>");
  EXPECT_EQ(run("work.region"), "530102");
  EXPECT_EQ(run("work.relationship"), "platform_managed");
  EXPECT_EQ(run("as_of"), "2026-11-28");
  EXPECT_EQ(run("age"), "416m");
  EXPECT_EQ(run("param.avg_wage"), "7263.00");
  EXPECT_EQ(run("param.regions"), "[530000, 530102]");
  EXPECT_EQ(run("retirement.original_age"), "unknown");
}

TEST_F(ExprTest, NumberNextToMoneyIsMoney) {
  EXPECT_EQ(run("param.avg_wage > 7000"), "true");
  EXPECT_EQ(run("7263 == param.avg_wage"), "true");
  EXPECT_EQ(run("param.avg_wage >= 7263.01"), "false");
  EXPECT_EQ(run("param.avg_wage + 100"), "7363.00");
  EXPECT_EQ(run("param.avg_wage - 0.5"), "7262.50");
  EXPECT_EQ(type_of("param.avg_wage - 0.5"), "money");
  EXPECT_EQ(run("2070", Type::of(TypeKind::kMoney)), "2070.00");
  EXPECT_EQ(run("max(param.avg_wage, 8000)"), "8000.00");
  EXPECT_EQ(run("if(true, param.avg_wage, 0)"), "7263.00");
  EXPECT_EQ(run("if(false, param.avg_wage, 0)"), "0.00");
  EXPECT_EQ(run("round_yuan(1)"), "1.00");
  EXPECT_EQ(error("param.avg_wage + 0.005"), "1:18: a money amount has at most two decimals");
  EXPECT_EQ(error("2070.001", Type::of(TypeKind::kMoney)), "1:1: a money amount has at most two decimals");
  EXPECT_EQ(error("work.monthly_income in [1, 2.125]"), "1:28: a money amount has at most two decimals");
}

TEST_F(ExprTest, SixDigitStringNextToRegionIsRegion) {
  EXPECT_EQ(run("work.region == \"530102\""), "true");
  EXPECT_EQ(run("\"530902\" == person.hukou.region"), "true");
  EXPECT_EQ(run("work.region in [\"530102\", \"530902\"]"), "true");
  EXPECT_EQ(run("work.region in [\"530000\"]"), "false");  // `in` is equality; within() is containment
  EXPECT_EQ(run("\"530000\"", Type::of(TypeKind::kRegion)), "530000");
  EXPECT_EQ(type_of("province(\"530902\")"), "region");
  EXPECT_EQ(error("work.region == \"5301\""), "1:16: '5301' is not a six-digit region code");
  EXPECT_EQ(error("work.region == \"990000\""), "1:16: '990000' is not a six-digit region code");
  EXPECT_EQ(error("work.region in [\"530102\", \"abc\"]"), "1:27: 'abc' is not a six-digit region code");
}

TEST_F(ExprTest, BareNameNextToEnumIsCheckedValue) {
  EXPECT_EQ(run("work.relationship == platform_managed"), "true");
  EXPECT_EQ(run("platform_managed == work.relationship"), "true");
  EXPECT_EQ(run("work.relationship != part_time"), "true");
  EXPECT_EQ(run("person.sex == female"), "true");
  EXPECT_EQ(run("work.relationship in [part_time, platform_managed, self_employed]"), "true");
  EXPECT_EQ(run("work.relationship in [employee, outsourced]"), "false");
  EXPECT_EQ(run("work.relationship not in [employee, outsourced]"), "true");
  EXPECT_EQ(run("work.relationship in []"), "false");
  EXPECT_EQ(error("work.relationship == driver"),
            std::string("1:22: 'driver' is not one of the allowed values: ") + kRelationships);
  EXPECT_EQ(error("work.relationship in [employee, driver]"),
            std::string("1:33: 'driver' is not one of the allowed values: ") + kRelationships);
  EXPECT_EQ(error("person.sex == man"), "1:15: 'man' is not one of the allowed values: male, female");
  // A value of another enum is not accepted either.
  EXPECT_EQ(error("person.sex == employee"), "1:15: 'employee' is not one of the allowed values: male, female");
  EXPECT_EQ(error("part_time"), "1:1: unknown name 'part_time'");
  EXPECT_EQ(error("part_time == employee"), "1:1: unknown name 'part_time'");
  EXPECT_EQ(error("work.platform == meituan"), "1:18: unknown name 'meituan'");
  EXPECT_EQ(error("person.sex == work.relationship"),
            std::string("1:12: cannot compare enum{male,female} with enum{") +
                "employee,part_time,platform_managed,self_employed,dispatched,outsourced} using '=='");
}

TEST_F(ExprTest, StringsAndLists) {
  EXPECT_EQ(run("work.platform == \"meituan\""), "true");
  EXPECT_EQ(run("work.platform != \"eleme\""), "true");
  EXPECT_EQ(run("work.platform in [\"eleme\", \"meituan\"]"), "true");
  EXPECT_EQ(run("work.platform in param.platforms"), "true");
  EXPECT_EQ(run("\"dada\" in param.platforms"), "false");
  EXPECT_EQ(run("\"dada\" not in param.platforms"), "true");
  EXPECT_EQ(run("work.region in param.regions"), "true");
  EXPECT_EQ(run("person.hukou.region in param.regions"), "false");
  EXPECT_EQ(run("\"530000\" in param.regions"), "true");
  EXPECT_EQ(run("1 in [1, 2]"), "true");
  EXPECT_EQ(run("3 in [1, 2]"), "false");
  EXPECT_EQ(run("16y in [16y, 18y]"), "true");
  EXPECT_EQ(error("[]"), "1:1: an empty list needs a context");
  EXPECT_EQ(error("[1, \"a\"]"), "1:5: list elements must all have the same type");
  EXPECT_EQ(error("1 in 2"), "1:6: 'in' needs a list on its right, found number");
  EXPECT_EQ(error("work.platform in param.regions"), "1:1: cannot look for string in list<region>");
  EXPECT_EQ(error("work.region in [1, 2]"), "1:17: '1' is not a six-digit region code");
  EXPECT_EQ(error("param.regions == param.regions"), "1:15: lists cannot be compared with '=='");
}

TEST_F(ExprTest, ListLimit) {
  std::string ok = "work.region in [";
  for (int i = 0; i < 200; ++i) ok += std::string(i ? ", " : "") + "\"530102\"";
  ok += "]";
  EXPECT_EQ(run(ok), "true");
  std::string too_many = "1 in [";
  for (int i = 0; i < 201; ++i) too_many += std::string(i ? "," : "") + "1";
  too_many += "]";
  EXPECT_EQ(error(too_many), "1:6: a list literal has at most 200 items");
}

TEST_F(ExprTest, ExpressionLengthLimit) {
  // 8192 characters are allowed, 8193 are not (reported at the expression's start).
  std::string text = "1 + 1";
  text += std::string(8192 - text.size(), ' ');
  ASSERT_EQ(text.size(), 8192u);
  EXPECT_EQ(run(text), "2");
  text += " ";
  EXPECT_EQ(error(text), "1:1: expression longer than 8192 characters");
}

TEST_F(ExprTest, DeepNestingIsAnErrorNotACrash) {
  // 4000 parentheses fit in 8192 characters; the parser must not run out of stack.
  std::string text = std::string(4000, '(') + "1" + std::string(4000, ')');
  EXPECT_EQ(error(text), "1:129: expression nested more than 128 levels deep");
  EXPECT_EQ(error(std::string(4000, '[') + std::string(4000, ']')),
            "1:129: expression nested more than 128 levels deep");
  std::string nots;
  for (int i = 0; i < 2000; ++i) nots += "not ";
  EXPECT_EQ(error(nots + "true"), "1:509: expression nested more than 128 levels deep");
  EXPECT_EQ(error(std::string(4000, '-') + "1"), "1:128: expression nested more than 128 levels deep");
  // Moderate nesting is fine.
  EXPECT_EQ(run(std::string(100, '(') + "1" + std::string(100, ')')), "1");
  // A long chain of operations is a deep tree too (evaluation recurses through it).
  std::string chain = "1";
  for (int i = 0; i < 4000; ++i) chain += "+1";
  EXPECT_EQ(error(chain), "1:256: expression nested more than 128 levels deep");
  chain = "1";
  for (int i = 0; i < 100; ++i) chain += " + 1";
  EXPECT_EQ(run(chain), "101");
  // A list of 200 items is one level.
  std::string list = "1 in [";
  for (int i = 0; i < 200; ++i) list += std::string(i ? "," : "") + "1";
  EXPECT_EQ(run(list + "]"), "true");
}

// ---- operators -----------------------------------------------------------------------------

TEST_F(ExprTest, ArithmeticAndPrecedence) {
  EXPECT_EQ(run("1 + 2 * 3"), "7");
  EXPECT_EQ(run("(1 + 2) * 3"), "9");
  EXPECT_EQ(run("10 - 2 - 3"), "5");
  EXPECT_EQ(run("12 / 2 / 3"), "2");
  EXPECT_EQ(run("2 - -3"), "5");
  EXPECT_EQ(run("-2 * 3"), "-6");
  EXPECT_EQ(run("1 / 3"), "0.333333");
  EXPECT_EQ(run("2 / 3"), "0.666667");
  EXPECT_EQ(run("0.001 * 0.0005"), "0.000001");  // 0.0000005 rounds half away from zero
  EXPECT_EQ(run("-param.avg_wage"), "-7263.00");
  EXPECT_EQ(run("-(1y)"), "-12m");
  EXPECT_EQ(run("1 + 2 == 3"), "true");
  EXPECT_EQ(run("not 1 > 2"), "true");
  EXPECT_EQ(run("true or false and false"), "true");  // and binds tighter
  EXPECT_EQ(run("(true or false) and false"), "false");
  EXPECT_EQ(run("not true or true"), "true");
}

TEST_F(ExprTest, Comparisons) {
  EXPECT_EQ(run("1 < 2"), "true");
  EXPECT_EQ(run("2 <= 2"), "true");
  EXPECT_EQ(run("2 > 2"), "false");
  EXPECT_EQ(run("2 >= 2"), "true");
  EXPECT_EQ(run("2 == 2.0"), "true");
  EXPECT_EQ(run("2 != 2"), "false");
  EXPECT_EQ(run("age >= 16y"), "true");
  EXPECT_EQ(run("age < retirement.age"), "true");
  EXPECT_EQ(run("as_of >= @2026-11-28"), "true");
  EXPECT_EQ(run("as_of > @2026-11-28"), "false");
  EXPECT_EQ(run("person.student == false"), "true");
  EXPECT_EQ(run("\"a\" != \"b\""), "true");
  // (An expression text starting with a quote would be a quoted YAML scalar: these tests avoid it.)
  EXPECT_EQ(error("work.platform < \"b\""), "1:15: '<' needs numbers, money, months or dates, found string");
  EXPECT_EQ(error("work.relationship < part_time"),
            std::string("1:19: '<' needs numbers, money, months or dates, found enum{") +
                "employee,part_time,platform_managed,self_employed,dispatched,outsourced}");
  EXPECT_EQ(error("1 == true"), "1:3: cannot compare number with bool using '=='");
  EXPECT_EQ(error("age > 16"), "1:5: cannot compare months with number using '>'");
  EXPECT_EQ(error("as_of >= 2025"), "1:7: cannot compare date with number using '>='");
}

TEST_F(ExprTest, ArithmeticTypeErrors) {
  EXPECT_EQ(error("1 + \"a\""), "1:3: cannot apply '+' to number and string");
  EXPECT_EQ(error("@2025-01-01 - @2024-01-01"), "1:13: cannot apply '-' to date and date");
  EXPECT_EQ(error("param.avg_wage * param.avg_wage"), "1:16: cannot apply '*' to money and money");
  EXPECT_EQ(error("2 / param.avg_wage"), "1:3: cannot apply '/' to number and money");
  EXPECT_EQ(error("1m + as_of"), "1:4: cannot apply '+' to months and date");
  EXPECT_EQ(error("age + 1"), "1:5: cannot apply '+' to months and number");
  EXPECT_EQ(error("-\"a\""), "1:1: cannot negate string");
  EXPECT_EQ(error("- true"), "1:1: cannot negate bool");
  EXPECT_EQ(error("not 1"), "1:5: 'not' needs bool operands, found number");
  EXPECT_EQ(error("true and 1"), "1:10: 'and' needs bool operands, found number");
  EXPECT_EQ(error("1 and true"), "1:1: 'and' needs bool operands, found number");
  EXPECT_EQ(error("false or age"), "1:10: 'or' needs bool operands, found months");
}

TEST_F(ExprTest, MoneyRoundsHalfAwayFromZeroToTheFen) {
  EXPECT_EQ(run("0.6 * param.avg_wage"), "4357.80");
  EXPECT_EQ(run("param.avg_wage * 0.6"), "4357.80");
  EXPECT_EQ(type_of("0.6 * param.avg_wage"), "money");
  EXPECT_EQ(run("0.2 * (0.6 * param.avg_wage)"), "871.56");
  EXPECT_EQ(run("param.rate * (param.floor_ratio * param.avg_wage)"), "871.56");
  // 4357.80 × 0.075 = 326.835 -> 326.84; 0.03 × 0.5 = 0.015 -> 0.02; and away from zero below 0.
  EXPECT_EQ(run("0.075 * (0.6 * param.avg_wage)"), "326.84");
  EXPECT_EQ(run("0.5 * param.small"), "0.02");
  EXPECT_EQ(run("-0.5 * param.small"), "-0.02");
  EXPECT_EQ(run("0.4999 * param.small"), "0.01");  // 0.014997 -> 0.01
  EXPECT_EQ(run("0.0001 * param.avg_wage"), "0.73");
  EXPECT_EQ(run("3 * param.avg_wage"), "21789.00");
  // money / number, half away from zero; money / money is a number.
  EXPECT_EQ(run("param.avg_wage / 3"), "2421.00");
  EXPECT_EQ(run("param.small / 2"), "0.02");
  EXPECT_EQ(run("-param.small / 2"), "-0.02");
  EXPECT_EQ(run("param.small / 4"), "0.01");  // 0.0075 -> 0.01
  EXPECT_EQ(run("(0.6 * param.avg_wage) / param.avg_wage"), "0.6");
  EXPECT_EQ(type_of("param.avg_wage / param.avg_wage"), "number");
  EXPECT_EQ(run("round_yuan(0.5 * param.avg_wage)"), "3632.00");  // 3631.50
  EXPECT_EQ(run("round_yuan(-0.5 * param.avg_wage)"), "-3632.00");
  EXPECT_EQ(run("round_yuan(0.6 * param.avg_wage)"), "4358.00");   // 4357.80
  EXPECT_EQ(run("round_yuan(param.avg_wage - 0.51)"), "7262.00");  // 7262.49
}

TEST_F(ExprTest, OverflowIsUnknownNotUndefined) {
  // Profiles can carry huge amounts; arithmetic leaving the int64 range gives unknown.
  env_.fields[FieldId::kMonthlyIncome] = Value::of_int(std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(run("work.monthly_income + 1 > 0"), "unknown");
  EXPECT_EQ(run("work.monthly_income - -1"), "unknown");
  EXPECT_EQ(run("work.monthly_income - 1"), "92233720368547757.07");
  EXPECT_EQ(run("9000000000000 + 9000000000000"), "unknown");
  EXPECT_EQ(run("-9000000000000 - 9000000000000"), "unknown");
  EXPECT_EQ(run("8000y * 9000000000000"), "864000000000000000m");
  EXPECT_EQ(run("8000y * 9000000000000 * 11"), "unknown");
  EXPECT_EQ(run("known(work.monthly_income / 0.000001)"), "false");
}

TEST_F(ExprTest, DivisionByZeroIsUnknown) {
  EXPECT_EQ(run("1 / 0"), "unknown");
  EXPECT_EQ(run("param.avg_wage / 0"), "unknown");
  EXPECT_EQ(run("param.avg_wage / (param.avg_wage - param.avg_wage)"), "unknown");
  EXPECT_EQ(run("12m / 0"), "unknown");
  EXPECT_EQ(run("1 / 0 > 0 or true"), "true");
}

TEST_F(ExprTest, MonthsArithmetic) {
  EXPECT_EQ(run("16y + 6m"), "198m");
  EXPECT_EQ(run("15y6m - 6m"), "180m");
  EXPECT_EQ(run("10m * 1.5"), "15m");
  EXPECT_EQ(run("1.5 * 10m"), "15m");
  EXPECT_EQ(run("7m * 0.5"), "3m");  // whole months, rounded down
  EXPECT_EQ(run("7m / 2"), "3m");
  EXPECT_EQ(run("-7m / 2"), "-4m");  // down, not toward zero
  EXPECT_EQ(run("years(1.5)"), "18m");
  EXPECT_EQ(run("years(15) == 15y"), "true");
  EXPECT_EQ(run("whole_years(186m)"), "15");
  EXPECT_EQ(run("retirement.min_contribution - coverage.pension.months_paid"), "203m");
  EXPECT_EQ(run("param.min_years + 5y"), "240m");
  EXPECT_EQ(error("years(1y)"), "1:7: years() needs a number of years, found months");
}

TEST_F(ExprTest, DatePlusMinusMonths) {
  EXPECT_EQ(run("@2024-01-31 + 1m"), "2024-02-29");
  EXPECT_EQ(run("@2025-01-31 + 1m"), "2025-02-28");
  EXPECT_EQ(run("@2025-03-31 - 1m"), "2025-02-28");
  EXPECT_EQ(run("@2025-07-01 + 16y"), "2041-07-01");
  EXPECT_EQ(run("person.birth + 16y"), "2008-03-15");
  EXPECT_EQ(run("param.start - 6m"), "2025-01-01");
  EXPECT_EQ(run("as_of + 1m > @2026-12-27"), "true");
  EXPECT_EQ(run("months_between(@2024-01-31, @2024-02-29)"), "1m");
  EXPECT_EQ(run("months_between(@2024-01-31, @2024-02-28)"), "0m");
  EXPECT_EQ(run("months_between(person.birth, as_of)"), "416m");
  EXPECT_EQ(run("months_between(as_of, person.birth)"), "-416m");
  EXPECT_EQ(run("year(@2025-07-01)"), "2025");
  EXPECT_EQ(run("year(as_of) >= 2026"), "true");
  EXPECT_EQ(error("@2025-02-30"), "1:1: '@2025-02-30' is not a date (write @YYYY-MM-DD)");
  EXPECT_EQ(error("months_between(1, as_of)"), "1:16: months_between() needs a date, found number");
  EXPECT_EQ(error("year(1y)"), "1:6: year() needs a date, found months");
}

// ---- functions -------------------------------------------------------------------------------

TEST_F(ExprTest, MinMaxClamp) {
  EXPECT_EQ(run("min(3, 1, 2)"), "1");
  EXPECT_EQ(run("max(3, 1, 2)"), "3");
  EXPECT_EQ(run("min(1y, 6m)"), "6m");
  EXPECT_EQ(run("max(@2025-01-01, as_of)"), "2026-11-28");
  EXPECT_EQ(run("min(2070, param.avg_wage)"), "2070.00");
  EXPECT_EQ(run("clamp(0.5 * param.avg_wage, param.floor_ratio * param.avg_wage, param.cap_ratio * param.avg_wage)"),
            "4357.80");
  EXPECT_EQ(run("clamp(4 * param.avg_wage, param.floor_ratio * param.avg_wage, param.cap_ratio * param.avg_wage)"),
            "21789.00");
  EXPECT_EQ(run("clamp(0.7 * param.avg_wage, param.floor_ratio * param.avg_wage, param.cap_ratio * param.avg_wage)"),
            "5084.10");
  EXPECT_EQ(run("clamp(5, 1, 3)"), "3");
  EXPECT_EQ(error("min(\"a\", \"b\")"), "1:1: min() needs numbers, money, months or dates");
  EXPECT_EQ(error("min(1, 2y)"), "1:5: min() arguments must have the same type");
  EXPECT_EQ(error("clamp(1, 2)"), "1:1: clamp() takes 3 arguments, got 2");
  EXPECT_EQ(error("min(1)"), "1:1: min() takes 2 or more arguments, got 1");
  EXPECT_EQ(error("max()"), "1:1: max() takes 2 or more arguments, got 0");
}

TEST_F(ExprTest, IfKnownDefault) {
  EXPECT_EQ(run("if(person.student, 1, 2)"), "2");
  EXPECT_EQ(run("if(not person.student, 1y, 2y)"), "12m");
  EXPECT_EQ(run("if(work.monthly_income > 0, 1, 2)"), "unknown");
  env_.noted.clear();
  EXPECT_EQ(run("known(work.monthly_income)"), "false");
  EXPECT_EQ(run("known(work.region)"), "true");
  EXPECT_EQ(run("known(param.missing)"), "false");
  EXPECT_EQ(run("known(param.avg_wage)"), "true");
  EXPECT_EQ(run("default(choices.pension_base_ratio, 0.6)"), "0.6");
  EXPECT_EQ(run("default(choices.pension_base_ratio, 0.6) * param.avg_wage"), "4357.80");
  EXPECT_EQ(run("default(work.monthly_income, 0)"), "0.00");
  EXPECT_EQ(run("default(coverage.pension.months_paid, 0m)"), "37m");
  EXPECT_EQ(run("default(param.missing, param.avg_wage)"), "7263.00");
  // known() and default() ask about a field: reading it there is not a need.
  EXPECT_TRUE(env_.noted.empty());
  env_.fields[FieldId::kPensionBaseRatio] = Value::of_int(800'000);
  EXPECT_EQ(run("default(choices.pension_base_ratio, 0.6) * param.avg_wage"), "5810.40");
  EXPECT_EQ(error("if(1, 2, 3)"), "1:4: if() needs a condition, found number");
  EXPECT_EQ(error("if(true, 1y, 2)"), "1:1: if() branches must have the same type");
  EXPECT_EQ(error("default(1y, 2)"), "1:1: default() arguments must have the same type");
  EXPECT_EQ(error("known()"), "1:1: known() takes 1 arguments, got 0");
  EXPECT_EQ(error("foo(1)"), "1:1: unknown function 'foo'");
}

TEST_F(ExprTest, RegionFunctions) {
  EXPECT_EQ(run("province(work.region)"), "530000");
  EXPECT_EQ(run("prefecture(work.region)"), "530100");
  EXPECT_EQ(run("prefecture(\"110101\")"), "110100");
  EXPECT_EQ(run("province(work.region) == \"530000\""), "true");
  EXPECT_EQ(run("within(work.region, \"530000\")"), "true");
  EXPECT_EQ(run("within(work.region, \"530100\")"), "true");
  EXPECT_EQ(run("within(work.region, \"530102\")"), "true");
  EXPECT_EQ(run("within(work.region, \"530103\")"), "false");
  EXPECT_EQ(run("within(work.region, \"530900\")"), "false");
  EXPECT_EQ(run("within(person.hukou.region, \"530900\")"), "true");
  EXPECT_EQ(run("within(\"110101\", \"530000\")"), "false");
  EXPECT_EQ(run("within(work.region, \"000000\")"), "true");
  EXPECT_EQ(run("within(\"530100\", \"530100\")"), "true");
  EXPECT_EQ(error("province(1)"), "1:10: '1' is not a six-digit region code");
  EXPECT_EQ(error("within(work.region, \"53\")"), "1:21: '53' is not a six-digit region code");
}

TEST_F(ExprTest, LookupInTables) {
  EXPECT_EQ(run("lookup(param.fees, work.platform)"), "1.20");
  EXPECT_EQ(run("lookup(param.fees, \"eleme\")"), "0.90");
  EXPECT_EQ(run("lookup(param.fees, \"dada\")"), "unknown");
  EXPECT_EQ(run("default(lookup(param.fees, \"dada\"), 0)"), "0.00");
  EXPECT_EQ(run("lookup(param.waiting, person.hukou.region)"), "2");
  EXPECT_EQ(run("lookup(param.waiting, \"530102\")"), "3");
  EXPECT_EQ(type_of("lookup(param.waiting, \"530102\")"), "number");
  EXPECT_EQ(run("12 * lookup(param.fees, work.platform)"), "14.40");
  EXPECT_EQ(error("lookup(param.avg_wage, 1)"), "1:8: lookup() needs a table parameter first");
  EXPECT_EQ(error("lookup(param.fees, 1)"), "1:20: lookup() needs a key of the table's key type, found number");
  EXPECT_EQ(error("lookup(param.waiting, \"x\")"), "1:23: 'x' is not a six-digit region code");
}

// ---- parameters ------------------------------------------------------------------------------

TEST_F(ExprTest, ParameterSelectors) {
  ASSERT_TRUE(compile("param.avg_wage + param.avg_wage@work + param.avg_wage@hukou"));
  ASSERT_TRUE(compile("param.avg_wage@enrol", {}, /*in_then=*/true));
  env_.param_calls.clear();
  run("param.avg_wage + param.avg_wage@work + param.avg_wage@hukou");
  ASSERT_EQ(env_.param_calls.size(), 3u);
  EXPECT_EQ(env_.param_calls[0], (std::pair<std::uint32_t, std::uint16_t>{0, 0}));
  EXPECT_EQ(env_.param_calls[1], (std::pair<std::uint32_t, std::uint16_t>{0, 1}));
  EXPECT_EQ(env_.param_calls[2], (std::pair<std::uint32_t, std::uint16_t>{0, 2}));
  auto root = compile("param.rate@enrol", {}, true);
  ASSERT_TRUE(root);
  EXPECT_EQ(prog_.node(*root).b, 3);
  EXPECT_EQ(error("param.avg_wage@enrol"), "1:16: '@enrol' is only allowed inside 'then'");
  EXPECT_EQ(error("param.avg_wage@home"), "1:16: unknown region selector '@home' (work, hukou, enrol)");
  EXPECT_EQ(error("param.avg_wage@"), "1:16: expected work, hukou or enrol after '@'");
  EXPECT_EQ(error("param.nothing > 0"), "1:1: unknown parameter 'nothing'");
  EXPECT_EQ(error("work.nothing"), "1:1: unknown profile field 'work.nothing'");
}

// ---- three-valued logic ----------------------------------------------------------------------

TEST_F(ExprTest, ThreeValuedLogic) {
  // work.monthly_income is unknown.
  EXPECT_EQ(run("false and work.monthly_income > 0"), "false");
  EXPECT_EQ(run("work.monthly_income > 0 and false"), "false");
  EXPECT_EQ(run("true and work.monthly_income > 0"), "unknown");
  EXPECT_EQ(run("work.monthly_income > 0 and true"), "unknown");
  EXPECT_EQ(run("true or work.monthly_income > 0"), "true");
  EXPECT_EQ(run("work.monthly_income > 0 or true"), "true");
  EXPECT_EQ(run("false or work.monthly_income > 0"), "unknown");
  EXPECT_EQ(run("work.monthly_income > 0 or work.monthly_income < 0"), "unknown");
  EXPECT_EQ(run("not (work.monthly_income > 0)"), "unknown");
  EXPECT_EQ(run("work.monthly_income + 1 > 0"), "unknown");
  EXPECT_EQ(run("work.monthly_income in [1, 2]"), "unknown");
  EXPECT_EQ(run("work.monthly_income not in [1, 2]"), "unknown");
  EXPECT_EQ(run("min(work.monthly_income, 1)"), "unknown");
  EXPECT_EQ(run("max(1, work.monthly_income)"), "unknown");
  EXPECT_EQ(run("clamp(work.monthly_income, 1, 2)"), "unknown");
  EXPECT_EQ(run("0.6 * work.monthly_income"), "unknown");
  EXPECT_EQ(run("-work.monthly_income"), "unknown");
}

TEST_F(ExprTest, UnknownParametersPropagate) {
  EXPECT_EQ(run("param.missing > 0"), "unknown");
  EXPECT_EQ(run("0.6 * param.missing"), "unknown");
  EXPECT_EQ(run("work.region in param.missing_list"), "unknown");
  EXPECT_EQ(run("param.missing > 0 and person.student"), "false");
  EXPECT_EQ(run("retirement.original_age >= 55y or age < 16y"), "unknown");
  EXPECT_EQ(run("lookup(param.fees, work.platform) > param.missing"), "unknown");
}

TEST_F(ExprTest, UnknownFieldsAreNoted) {
  env_.noted.clear();
  EXPECT_EQ(run("work.monthly_income > 0 and choices.pension_base_ratio > 1"), "unknown");
  ASSERT_EQ(env_.noted.size(), 2u);
  EXPECT_EQ(env_.noted[0], FieldId::kMonthlyIncome);
  EXPECT_EQ(env_.noted[1], FieldId::kPensionBaseRatio);
  env_.noted.clear();
  EXPECT_EQ(run("work.region == \"530102\""), "true");
  EXPECT_TRUE(env_.noted.empty());
}

// ---- tracing and reads -----------------------------------------------------------------------

TEST_F(ExprTest, TraceReportsValuesRead) {
  env_.trace_on = true;
  EXPECT_EQ(run("work.relationship == platform_managed and age >= 16y and param.avg_wage > 0 "
                "and work.monthly_income > 0"),
            "unknown");
  std::vector<std::string> want = {"work.relationship=platform_managed", "age=416m", "param.avg_wage=7263.00",
                                   "work.monthly_income=unknown"};
  EXPECT_EQ(env_.traced, want);
  env_.traced.clear();
  EXPECT_EQ(run("param.avg_wage@hukou > 0 and param.avg_wage@work > 0"), "true");
  EXPECT_EQ(env_.traced, (std::vector<std::string>{"param.avg_wage@hukou=7263.00", "param.avg_wage@work=7263.00"}));
}

// The interpreter reads fused nodes (one field tested against constants, `and`/`or` chains as one
// node); the reference evaluator reads the nodes as parsed. Both must give the same value and note
// the same unknown fields, with the field known and unknown, whichever lowering is switched off.
TEST_F(ExprTest, FusedNodesAgreeWithTheNodesAsParsed) {
  const std::vector<std::pair<std::string, bool>> cases = {
      // (expression, whether its root is a fused field test)
      {"work.relationship == platform_managed", true},
      {"work.relationship != employee", true},
      {"coverage.pension.months_paid >= 15y", true},
      {"coverage.pension.months_paid < 15y", true},
      {"coverage.pension.months_paid <= 37m", true},
      {"coverage.pension.months_paid > 37m", true},
      {"work.relationship in [employee, outsourced]", true},
      {"work.relationship not in [employee, outsourced]", true},
      {"work.platform == \"meituan\"", true},
      {"work.platform in [\"eleme\", \"meituan\"]", true},
      {"default(person.student, true)", true},
      {"not default(person.student, true)", true},
      {"not person.student", true},
      {"known(person.student)", true},
      {"not known(person.student)", true},
      {"default(work.relationship, employee) == employee", true},
      {"default(work.monthly_income, 2000) > 1900", true},
      {"default(work.monthly_income, 2000)", true},
      {"work.monthly_income > 1900", true},
      {"not known(work.monthly_income)", true},
      {"person.student", false},
      {"default(work.monthly_income, param.avg_wage) > 1900", false},
      {"work.monthly_income > param.avg_wage", false},
      {"not person.student and work.monthly_income > 1900 and work.relationship == employee", false},
      {"work.monthly_income > 1900 or person.student or work.relationship in [employee] or known(person.sex)", false},
      {"(person.student and work.monthly_income > 0) or (not person.student and work.monthly_income < 0)", false},
  };
  for (const auto& [text, fused] : cases) {
    auto root = compile(text);
    ASSERT_TRUE(root) << text << ": " << (errors_.empty() ? "?" : errors_[0].message);
    EXPECT_EQ(prog_.exec_nodes()[*root].op == Op::kFieldTest, fused) << text;

    // Every field these read, known (as the fixture has it, or set here) and unknown, under each
    // lowering switch.
    for (int variant = 0; variant < 4 * 4; ++variant) {
      static const Lowering kLowerings[] = {Lowering{}, Lowering{false, true, true}, Lowering{true, false, true},
                                            Lowering::none()};
      prog_.relower(kLowerings[variant / 4]);
      TestEnv env = env_;
      if (variant & 1) {
        env.fields.erase(FieldId::kStudent);
        env.fields.erase(FieldId::kRelationship);
        env.fields.erase(FieldId::kPensionMonthsPaid);
        env.fields.erase(FieldId::kPlatform);
      }
      if (variant & 2) {
        env.fields[FieldId::kMonthlyIncome] = Value::of_int(195000);
        env.fields[FieldId::kStudent] = Value::of_bool(true);
      }
      TestEnv traced = env;
      traced.trace_on = true;
      const Type& t = prog_.node(*root).type;
      const std::string fast = trace_value(evaluate(prog_, *root, env), t);
      const std::string slow = trace_value(evaluate_reference(prog_, *root, traced), t);
      EXPECT_EQ(fast, slow) << text << " (variant " << variant << ")";
      EXPECT_EQ(env.noted, traced.noted) << text << " (variant " << variant << ")";
    }
    prog_.relower(Lowering{});
  }
}

// A condition whose first test is one enum or bool field against constants has a guard: the
// values of that field (and whether it may be unknown) for which the condition can still hold.
TEST_F(ExprTest, GuardsComeFromTheFirstTestOfACondition) {
  auto guard = [&](const std::string& text) {
    auto root = compile(text, Type::of(TypeKind::kBool));
    EXPECT_TRUE(root) << text;
    return root ? prog_.guard(*root) : FieldGuard{};
  };
  auto may_hold = [&](const FieldGuard& g, std::uint64_t v) { return !g.decides(v); };
  const std::uint64_t unknown = FieldGuard::kUnknownBit;

  // Alone, or first in an `and` chain: only employee and outsourced can pass; unknown might.
  for (const char* text :
       {"work.relationship in [employee, outsourced]",
        "work.relationship in [employee, outsourced] and work.monthly_income < 2000 and not person.student"}) {
    const FieldGuard g = guard(text);
    EXPECT_EQ(g.field, FieldId::kRelationship) << text;
    for (std::uint64_t v = 0; v < field_spec(FieldId::kRelationship).enum_values.size(); ++v)
      EXPECT_EQ(may_hold(g, v), v == enums::kEmployee || v == enums::kOutsourced) << text << " value " << v;
    EXPECT_TRUE(may_hold(g, unknown)) << text;  // unknown: the condition asks for the field
  }
  // Negated, and a bool with a default: unknown takes the default, so it settles too.
  const FieldGuard neg = guard("work.relationship != employee and person.student");
  EXPECT_FALSE(may_hold(neg, enums::kEmployee));
  EXPECT_TRUE(may_hold(neg, enums::kPlatformManaged));
  const FieldGuard def = guard("not default(person.student, false) and work.monthly_income > 0");
  EXPECT_EQ(def.field, FieldId::kStudent);
  EXPECT_TRUE(may_hold(def, 0));
  EXPECT_FALSE(may_hold(def, 1));
  EXPECT_TRUE(may_hold(def, unknown));  // default false: not a student, the chain goes on
  const FieldGuard def_true = guard("not default(person.student, true) and work.monthly_income > 0");
  EXPECT_FALSE(may_hold(def_true, unknown));
  // No guard: a first test that is not one enum or bool field, an `or`, a string field.
  for (const char* text : {"work.monthly_income > 1900 and work.relationship == employee",
                           "work.relationship == employee or person.student", "work.platform == \"meituan\"",
                           "person.student and work.relationship == employee"}) {
    const FieldGuard g = guard(text);
    for (std::uint64_t v = 0; v < 64; ++v) EXPECT_TRUE(may_hold(g, v)) << text << " value " << v;
  }
}

TEST_F(ExprTest, CollectReads) {
  auto root = compile(
      "work.monthly_income < param.avg_wage and not person.student and age > 16y "
      "and param.rate > 0");
  ASSERT_TRUE(root);
  std::bitset<kFieldCount> fields;
  std::vector<std::uint32_t> params;
  prog_.collect_reads(*root, fields, params);
  EXPECT_EQ(fields.count(), 2u);
  EXPECT_TRUE(fields.test(static_cast<std::size_t>(FieldId::kMonthlyIncome)));
  EXPECT_TRUE(fields.test(static_cast<std::size_t>(FieldId::kStudent)));
  EXPECT_EQ(params, (std::vector<std::uint32_t>{0, 3}));
}

// ---- expected types --------------------------------------------------------------------------

TEST_F(ExprTest, ExpectedTypeOfTheContext) {
  const Type b = Type::of(TypeKind::kBool);
  EXPECT_TRUE(compile("work.monthly_income < 2070", b));
  EXPECT_EQ(error("1", b), "1:1: expected bool, but the expression is number");
  EXPECT_EQ(error("param.avg_wage", Type::of(TypeKind::kNumber)), "1:1: expected number, but the expression is money");
  EXPECT_EQ(error("foo", b), "1:1: unknown name 'foo'");
  EXPECT_EQ(error("work.region", b), "1:1: expected bool, but the expression is region");
  EXPECT_EQ(run("\"530902\"", Type::of(TypeKind::kRegion)), "530902");
}

// ---- syntax errors ---------------------------------------------------------------------------

TEST_F(ExprTest, SyntaxErrors) {
  EXPECT_EQ(error(""), "1:1: empty expression");
  EXPECT_TRUE(error("   ").ends_with(": empty expression"));
  EXPECT_EQ(error("1 +"), "1:4: unexpected end of expression");
  EXPECT_EQ(error("(1 + 2"), "1:7: expected ')', found end of expression");
  EXPECT_EQ(error("min(1, 2"), "1:9: expected ')' or ',', found end of expression");
  EXPECT_EQ(error("[1, 2"), "1:6: expected ']', found end of expression");
  EXPECT_EQ(error("1 2"), "1:3: unexpected '2'");
  EXPECT_EQ(error("age = 1"), "1:5: unexpected '='");
  EXPECT_EQ(error("16years"), "1:1: '16years' is not a duration (write 16y, 6m or 15y6m)");
  EXPECT_EQ(error("6m15y"), "1:1: '6m15y' is not a duration (write 16y, 6m or 15y6m)");
  EXPECT_EQ(error("16x"), "1:1: unexpected '16x'");
  EXPECT_EQ(error("1.2.3"), "1:1: '1.2.3' is not a number");
  EXPECT_EQ(error("0.1234567"), "1:1: '0.1234567' is not a number");
  EXPECT_EQ(error("1 + \"abc"), "1:5: unexpected '\"abc'");
  EXPECT_EQ(error("age >= 16y ;"), "1:12: unexpected ';'");
  EXPECT_EQ(error("age >= 16y 年"), "1:12: unexpected '年'");
}

// ---- positions in files ----------------------------------------------------------------------

// Compiles the `when` scalar of a YAML document as the compiler would and returns "line:col: message".
std::string file_error(const std::string& yaml, const char* key) {
  auto doc = parse_yaml(yaml);
  if (!doc.ok()) return "(yaml error)";
  const DocNode* n = doc.root->find(key);
  if (!n) return "(no key)";
  Program prog;
  ExprEnv env;
  std::vector<ExprError> errs;
  ExprSource src{"f.yaml", yaml, n->pos};
  if (prog.compile(n->text, src, env, Type::of(TypeKind::kBool), errs)) return "(compiled)";
  if (errs.size() != 1) return "(" + std::to_string(errs.size()) + " errors)";
  return std::to_string(errs[0].pos.line) + ":" + std::to_string(errs[0].pos.column) + ": " + errs[0].message;
}

TEST_F(ExprTest, PositionsInASingleLineScalar) {
  EXPECT_EQ(file_error("id: x\nwhen: age >= 16y and bogus\n", "when"), "2:22: unknown name 'bogus'");
  EXPECT_EQ(file_error("id: x\nwhen: \"age >= 16y and bogus\"\n", "when"), "2:23: unknown name 'bogus'");
  EXPECT_EQ(file_error("when: 'age  >=   16y and  bogus'\n", "when"), "1:27: unknown name 'bogus'");
  EXPECT_EQ(file_error("when: age >= 16y\n", "when"), "(compiled)");
  // Escapes in quoted scalars take two characters in the file and one in the expression.
  EXPECT_EQ(file_error("when: \"work.platform == \\\"meituan\\\" and bogus\"\n", "when"), "1:41: unknown name 'bogus'");
  EXPECT_EQ(file_error("when: 'work.platform == ''meituan'' and bogus'\n", "when"), "1:41: unknown name 'bogus'");
}

TEST_F(ExprTest, PositionsInAFoldedMultiLineScalar) {
  const std::string yaml =
      "rule:\n"
      "  x: 1\n"
      "when: work.relationship in [part_time, platform_managed]\n"
      "      and age >= 16y\n"
      "        and work.monthly_income < bogus\n";
  EXPECT_EQ(file_error(yaml, "when"), "5:35: unknown name 'bogus'");
  const std::string yaml2 =
      "when: work.relationship in [part_time,\n"
      "        platform_managed, courier]\n";
  EXPECT_EQ(file_error(yaml2, "when"),
            std::string("2:27: 'courier' is not one of the allowed values: ") + kRelationships);
  const std::string block =
      "when: >-\n"
      "  age >= 16y\n"
      "  and bogus\n";
  EXPECT_EQ(file_error(block, "when"), "3:7: unknown name 'bogus'");
}

TEST_F(ExprTest, PositionsCountCharactersNotBytes) {
  // An expression after non-ASCII text on the same line (a flow mapping with a Chinese label).
  const std::string yaml = "d: {zh: 已缴费月数, en: x}\nw: {label: 中文, when: age >= bogus}\n";
  auto doc = parse_yaml(yaml);
  ASSERT_TRUE(doc.ok());
  const DocNode* when = doc.root->find("w")->find("when");
  ASSERT_NE(when, nullptr);
  EXPECT_EQ(when->pos.line, 2u);
  EXPECT_EQ(when->pos.column, 22u);
  Program prog;
  ExprEnv env;
  std::vector<ExprError> errs;
  ExprSource src{"f.yaml", yaml, when->pos};
  EXPECT_FALSE(prog.compile(when->text, src, env, Type::of(TypeKind::kBool), errs));
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].message, "unknown name 'bogus'");
  EXPECT_EQ(errs[0].pos.line, 2u);
  EXPECT_EQ(errs[0].pos.column, 29u);  // characters: "w: {label: 中文, when: age >= " is 28 long
}

// ---- values of parameters ----------------------------------------------------------------------

std::string parse_error(std::string_view yaml, std::string_view type) {
  auto doc = parse_yaml(yaml);
  auto t = parse_type_name(type);
  if (!doc.ok() || !t) return "(bad test)";
  std::vector<std::unique_ptr<ListData>> pool;
  std::string err;
  auto v = parse_value(*doc.root, *t, pool, err);
  return v ? "(parsed)" : err;
}

TEST(ExprValues, ParseTypeNames) {
  EXPECT_EQ(parse_type_name("money")->name(), "money");
  EXPECT_EQ(parse_type_name("list<region>")->name(), "list<region>");
  EXPECT_EQ(parse_type_name("table<string, money>")->name(), "table<string,money>");
  EXPECT_FALSE(parse_type_name("list<bool>"));
  EXPECT_FALSE(parse_type_name("list<date>"));
  EXPECT_FALSE(parse_type_name("table<string>"));
  EXPECT_FALSE(parse_type_name("enum"));
  EXPECT_FALSE(parse_type_name("integer"));
}

TEST(ExprValues, ParseMonthsLiteral) {
  EXPECT_EQ(parse_months_literal("15y6m"), 186);
  EXPECT_EQ(parse_months_literal("16y"), 192);
  EXPECT_EQ(parse_months_literal("6m"), 6);
  EXPECT_EQ(parse_months_literal("0m"), 0);
  EXPECT_FALSE(parse_months_literal(""));
  EXPECT_FALSE(parse_months_literal("6m15y"));
  EXPECT_FALSE(parse_months_literal("15"));
  EXPECT_FALSE(parse_months_literal("y"));
  EXPECT_FALSE(parse_months_literal("1y1y"));
  EXPECT_FALSE(parse_months_literal("10000y"));
}

TEST(ExprValues, ParseValueErrors) {
  EXPECT_EQ(parse_error("\"7263.00\"", "money"), "(parsed)");
  EXPECT_EQ(parse_error("7263.00", "money"), "money must be a quoted yuan amount such as \"7263.00\", got 7263.00");
  EXPECT_EQ(parse_error("\"7263.001\"", "money"), "expected a yuan amount with at most two decimals, got '7263.001'");
  EXPECT_EQ(parse_error("abc", "number"), "expected a number, got 'abc'");
  EXPECT_EQ(parse_error("yes", "bool"), "expected true or false, got 'yes'");
  EXPECT_EQ(parse_error("15 years", "months"), "expected a duration such as 15y, 6m or 15y6m, got '15 years'");
  EXPECT_EQ(parse_error("2025-02-30", "date"), "expected a date YYYY-MM-DD, got '2025-02-30'");
  EXPECT_EQ(parse_error("\"5301\"", "region"), "expected a six-digit region code, got '5301'");
  EXPECT_EQ(parse_error("\"000000\"", "region"), "(parsed)");
  EXPECT_EQ(parse_error("[1, 2]", "number"), "expected a number value");
  EXPECT_EQ(parse_error("\"\"", "string"), "expected a non-empty string");
  EXPECT_EQ(parse_error("meituan", "list<string>"), "expected a list [...]");
  EXPECT_EQ(parse_error("[[a, 1], [a, 2]]", "table<string,number>"), "duplicate key in table");
  EXPECT_EQ(parse_error("[[a, 1, 2]]", "table<string,number>"), "expected a [key, value] pair in the table");
  EXPECT_EQ(parse_error("[\"1.00\", 2.00]", "list<money>"),
            "money must be a quoted yuan amount such as \"7263.00\", got 2.00");
}

TEST(ExprValues, FormatForPeople) {
  EXPECT_EQ(format_value(Value::of_int(186), Type::of(TypeKind::kMonths), Lang::kZh), "15年6个月");
  EXPECT_EQ(format_value(Value::of_int(186), Type::of(TypeKind::kMonths), Lang::kEn), "15 years 6 months");
  EXPECT_EQ(format_value(Value::of_int(13), Type::of(TypeKind::kMonths), Lang::kEn), "1 year 1 month");
  EXPECT_EQ(format_value(Value::of_int(0), Type::of(TypeKind::kMonths), Lang::kZh), "0个月");
  EXPECT_EQ(format_value(Value::of_int(145260), Type::of(TypeKind::kMoney), Lang::kZh), "1452.60");
  EXPECT_EQ(format_value(Value::of_bool(true), Type::of(TypeKind::kBool), Lang::kZh), "是");
  EXPECT_EQ(format_value(Value::of_bool(false), Type::of(TypeKind::kBool), Lang::kEn), "no");
  EXPECT_EQ(format_value(Value::unknown(), Type::of(TypeKind::kMoney), Lang::kZh), "未知");
  EXPECT_EQ(format_value(Value::of_int(600'000), Type::of(TypeKind::kNumber), Lang::kEn), "0.6");
  EXPECT_EQ(format_value(Value::of_int(530902), Type::of(TypeKind::kRegion), Lang::kZh), "云南省临沧市临翔区");
  EXPECT_EQ(trace_value(Value::of_int(530902), Type::of(TypeKind::kRegion)), "530902");
}

// ---- units (DECISIONS.md "Units belong to the type checker") ---------------------------------

class ExprUnits : public ExprTest {
 protected:
  ExprUnits() {
    declare("pct", "number", "0.2");
    infos_.back().type.unit = Unit::kRatio;
    declare("account_age", "months", "50y");
    infos_.back().type.unit = Unit::kAge;
  }
  std::string unit_of(std::string_view text) {
    auto root = compile(text);
    if (!root) return "(error: " + (errors_.empty() ? std::string("?") : errors_[0].message) + ")";
    const Type& t = prog_.node(*root).type;
    return t.name() + (t.unit == Unit::kNone ? "" : " " + std::string(unit_name(t.unit)));
  }
  // The value of `text` as a text shows it, in `lang`.
  std::string people(std::string_view text, Lang lang) {
    auto root = compile(text);
    if (!root) return "(error)";
    return format_value(evaluate_reference(prog_, *root, env_), prog_.node(*root).type, lang);
  }
};

TEST_F(ExprUnits, DerivedFromParametersFieldsAndOperators) {
  EXPECT_EQ(unit_of("param.pct"), "number ratio");
  EXPECT_EQ(unit_of("param.pct * param.avg_wage"), "money");
  EXPECT_EQ(unit_of("param.avg_wage / param.avg_wage"), "number ratio");
  EXPECT_EQ(unit_of("1 - param.pct"), "number ratio");
  EXPECT_EQ(unit_of("min(0.5, param.pct)"), "number ratio");
  EXPECT_EQ(unit_of("default(choices.pension_base_ratio, 0.6)"), "number ratio");
  EXPECT_EQ(unit_of("param.floor_ratio"), "number");  // declared without a unit: a plain number
  EXPECT_EQ(unit_of("age"), "months age");
  EXPECT_EQ(unit_of("age + 6m"), "months age");
  EXPECT_EQ(unit_of("retirement.age - age"), "months duration");
  EXPECT_EQ(unit_of("60y - age"), "months duration");
  EXPECT_EQ(unit_of("if(true, 16y, param.account_age)"), "months age");
  EXPECT_EQ(unit_of("retirement.min_contribution"), "months duration");
  EXPECT_EQ(unit_of("coverage.pension.months_paid"), "months months");
  EXPECT_EQ(unit_of("coverage.pension.months_paid * 2"), "months months");
  EXPECT_EQ(unit_of("retirement.min_contribution - coverage.pension.months_paid"), "months duration");
  EXPECT_EQ(unit_of("param.min_years"), "months");  // a duration by default, as it renders
}

TEST_F(ExprUnits, NonsenseIsRefusedWithItsPosition) {
  EXPECT_EQ(error("age + age"), "1:5: cannot add two ages");
  EXPECT_EQ(error("retirement.min_contribution - age"),
            "1:29: cannot apply '-' to a duration and an age (write the age first)");
  EXPECT_EQ(error("age > coverage.pension.months_paid"), "1:5: cannot compare an age with a count of months using '>'");
  EXPECT_EQ(error("param.min_years < retirement.min_contribution or age >= retirement.min_contribution"),
            "1:54: cannot compare an age with a duration using '>='");
  EXPECT_EQ(error("param.avg_wage + param.pct"), "1:16: cannot apply '+' to money and number");
  // What reads naturally stays allowed: an age against a literal, ages against ages.
  EXPECT_EQ(run("age >= 16y"), "true");
  EXPECT_EQ(run("age < retirement.age and param.account_age <= age"), "false");
  EXPECT_EQ(run("coverage.pension.months_paid < retirement.min_contribution"), "true");
}

TEST_F(ExprUnits, ValuesRenderByUnit) {
  EXPECT_EQ(people("param.pct", Lang::kZh), "20%");
  EXPECT_EQ(people("param.pct", Lang::kEn), "20%");
  EXPECT_EQ(people("param.pct / 4", Lang::kZh), "5%");
  EXPECT_EQ(people("param.floor_ratio", Lang::kZh), "0.6");  // no unit: as written
  EXPECT_EQ(people("age", Lang::kZh), "34岁8个月");
  EXPECT_EQ(people("age", Lang::kEn), "34 years 8 months");
  EXPECT_EQ(people("param.account_age", Lang::kZh), "50岁");
  EXPECT_EQ(people("retirement.age - age", Lang::kZh), "23年4个月");
  EXPECT_EQ(people("years(10)", Lang::kZh), "10年");
  EXPECT_EQ(people("coverage.pension.months_paid", Lang::kZh), "37个月");
  EXPECT_EQ(people("coverage.pension.months_paid", Lang::kEn), "37 months");
  EXPECT_EQ(people("coverage.pension.months_paid + 83", Lang::kZh), "(error)");  // months + number
  EXPECT_EQ(people("coverage.pension.months_paid + 7y", Lang::kZh), "121个月");
  // Traces stay language-neutral and unit-free.
  auto root = compile("param.pct");
  ASSERT_TRUE(root);
  EXPECT_EQ(trace_value(evaluate_reference(prog_, *root, env_), prog_.node(*root).type), "0.2");
}

TEST(ExprValues, ParseUnit) {
  EXPECT_EQ(parse_unit("ratio", TypeKind::kNumber), Unit::kRatio);
  EXPECT_EQ(parse_unit("age", TypeKind::kMonths), Unit::kAge);
  EXPECT_EQ(parse_unit("duration", TypeKind::kMonths), Unit::kDuration);
  EXPECT_EQ(parse_unit("months", TypeKind::kMonths), Unit::kMonthCount);
  EXPECT_EQ(parse_unit("ratio", TypeKind::kMoney), std::nullopt);
  EXPECT_EQ(parse_unit("age", TypeKind::kNumber), std::nullopt);
  EXPECT_EQ(parse_unit("percent", TypeKind::kNumber), std::nullopt);
}

// `enrol_region: "530000"` in YAML reaches the parser as the number 530000: in a region context a
// six-digit whole number is a region code, anything else is an error that says so.
TEST_F(ExprTest, SixDigitNumberIsARegionInARegionContext) {
  EXPECT_EQ(run("within(work.region, 530000)"), run("within(work.region, \"530000\")"));
  EXPECT_EQ(error("within(work.region, 5300.5)"), "1:21: '5300.5' is not a six-digit region code");
  EXPECT_EQ(error("within(work.region, 990000)"), "1:21: '990000' is not a six-digit region code");
}

}  // namespace
}  // namespace shebao::internal
