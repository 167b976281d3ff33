// The policy expression language: lexing, parsing, type checking and evaluation.
// Expressions are parsed and checked when a pack loads; they compile to nodes in one flat array
// owned by the policy set, and evaluate with no heap allocation.
#pragma once

#include <bitset>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shebao/core/date.h"
#include "shebao/core/doc.h"
#include "shebao/core/money.h"
#include "shebao/core/region.h"
#include "shebao/profile/profile.h"

namespace shebao::internal {

enum class TypeKind : std::uint8_t {
  kInvalid,
  kBool,
  kNumber,
  kMoney,
  kMonths,
  kDate,
  kRegion,
  kString,
  kEnum,
  kList,
  kTable
};

// What a number or a count of months measures, so that a value is written for people the way it
// reads (DECISIONS.md "Units belong to the type checker"): a ratio as a percentage ("20%"), an age
// in 岁 ("55岁2个月"), a duration in years and months ("10年3个月"), a count of months ("120个月").
// Money is its own kind (元). kNone: a plain number, or months written as a duration; a literal
// has no unit and takes the unit of what it meets (`age >= 16y`, `1 - param.rate`).
enum class Unit : std::uint8_t { kNone, kRatio, kAge, kDuration, kMonthCount };
std::string_view unit_name(Unit u);  // "ratio", "age", "duration", "months" (as in `unit:`), "" for none
// The unit a parameter declares (`unit:`), for a parameter of type `t`: ratio for numbers; age,
// duration or months (a count) for months. nullopt when it does not fit the type.
std::optional<Unit> parse_unit(std::string_view s, TypeKind t);

// A type. For kEnum, `enum_values` identifies the enum (PROFILE.md value list); for kList, `elem`
// is the element kind; for kTable, `key` and `elem` are the key and value kinds. `unit` says how a
// number or months value reads (Unit); it is not part of the type's identity (==): the checker
// derives it (checker.cpp) and refuses only the combinations that make no sense.
struct Type {
  TypeKind kind = TypeKind::kInvalid;
  TypeKind elem = TypeKind::kInvalid;
  TypeKind key = TypeKind::kInvalid;
  Unit unit = Unit::kNone;
  const std::string_view* enum_values = nullptr;
  std::size_t enum_count = 0;

  static Type of(TypeKind k) { return Type{k}; }
  static Type of(TypeKind k, Unit u) {
    Type t{k};
    t.unit = u;
    return t;
  }
  static Type list_of(TypeKind e) { return Type{TypeKind::kList, e}; }
  static Type table_of(TypeKind k, TypeKind v) { return Type{TypeKind::kTable, v, k}; }
  bool operator==(const Type& o) const {
    return kind == o.kind && elem == o.elem && key == o.key && enum_values == o.enum_values;
  }
  std::string name() const;
};

// Parses a type name as written in a parameter declaration ("money", "list<region>", ...).
std::optional<Type> parse_type_name(std::string_view s);
std::string_view kind_name(TypeKind k);
// "15y6m", "16y", "6m" -> months.
std::optional<std::int32_t> parse_months_literal(std::string_view s);

struct ListData;

// A runtime value. Plain data; copying is cheap. `i` holds: bool 0/1, number millionths, money
// fen, months, date days since epoch, region code, enum index. Strings point into the policy set
// or the profile, lists and tables into the policy set.
struct Value {
  bool known = false;
  std::int64_t i = 0;
  std::string_view s;
  const ListData* list = nullptr;

  static Value unknown() { return {}; }
  static Value of_int(std::int64_t v) { return Value{true, v, {}, nullptr}; }
  static Value of_bool(bool b) { return Value{true, b ? 1 : 0, {}, nullptr}; }
  static Value of_string(std::string_view v) { return Value{true, 0, v, nullptr}; }
  static Value of_list(const ListData* l) { return Value{true, 0, {}, l}; }
};

// The evaluator's working form of a Value: 16 bytes, so it is passed and returned in registers.
// An integer-like value is `i` with `p` null; a string is `p` = its bytes with `i` = its length; a
// list or table is `p` = its ListData with `i` = kList; an unknown value has `p` = kUnknownTag,
// an address no string or list can have (compared as an immediate, not loaded from anywhere).
inline constexpr std::uintptr_t kUnknownTag = 1;
struct Slot {
  static constexpr std::int64_t kList = -1;
  std::int64_t i = 0;
  const void* p = reinterpret_cast<const void*>(kUnknownTag);

  static Slot unknown() { return {}; }
  static Slot of_int(std::int64_t v) { return {v, nullptr}; }
  static Slot of_bool(bool b) { return {b ? 1 : 0, nullptr}; }
  bool known() const { return reinterpret_cast<std::uintptr_t>(p) != kUnknownTag; }
  std::string_view str() const {
    return p ? std::string_view(static_cast<const char*>(p), static_cast<std::size_t>(i)) : std::string_view();
  }
  const ListData* list() const { return i == kList ? static_cast<const ListData*>(p) : nullptr; }
  static Slot from(const Value& v) {
    if (!v.known) return {};
    if (v.list) return {kList, v.list};
    if (v.s.data()) return {static_cast<std::int64_t>(v.s.size()), v.s.data()};
    return {v.i, nullptr};
  }
  Value value() const;
};

// A list or table constant. Tables are lists of (key, value) pairs stored flat: k0, v0, k1, v1...
struct ListData {
  std::vector<Value> items;
  std::vector<std::string> strings;  // storage for string items
};

inline Value Slot::value() const {
  if (!known()) return Value::unknown();
  if (!p) return Value::of_int(i);
  if (i == kList) return Value::of_list(list());
  return Value::of_string(str());
}

// Formats a known value of type t for people, by its unit: money "1452.60", a ratio "20%", an age
// "55岁2个月"/"55 years 2 months", a duration "15年6个月"/"15 years 6 months", a count of months
// "120个月"/"120 months"; a region by name, an enum by its id, a date ISO.
std::string format_value(const Value& v, const Type& t, Lang lang);
// Formats for traces (stable, language-neutral): months as "180m", regions as codes.
std::string trace_value(const Value& v, const Type& t);

// Parses a value of type t from a DocNode scalar or sequence (parameter values).
// Returns an error message on failure. List data is appended to `pool`.
std::optional<Value> parse_value(const DocNode& n, const Type& t, std::vector<std::unique_ptr<ListData>>& pool,
                                 std::string& error);

// The operations of a node. Defended duplicate: the comparison names repeat the lexer's Tok
// (lexer.h); tokens are what was written, operations what a node does (`-` is kNeg or kSub, the
// words `in` and `not in` are names to the lexer), and each phase has its own vocabulary.
enum class Op : std::uint8_t {
  kConst,  // imm value
  kField,  // profile field (FieldId in a)
  kAsOf,
  kAge,
  kRetAge,
  kRetOriginalAge,
  kRetMinContribution,
  kRetDate,
  // Records in several places (eval/records.cpp), known once the history is read.
  kRecBenefitCase,             // pension.benefit_case: 66号第六条 case (1..4) on the record as it stands
  kRecBenefitRegion,           // pension.benefit_region
  kRecBenefitCaseAtRetirement,    // the same at the statutory retirement month, paying on as now
  kRecBenefitRegionAtRetirement,
  kRecMoves,                   // pension.record_moves: records to move to the benefit place (today)
  kRecTemporaryMonths,         // pension.temporary_months: months in temporary accounts
  kMedMissingMonths,           // medical.missing_months: employee-medical months missing at retirement
  kParam,    // parameter index a, region selector b (0 default, 1 work, 2 hukou, 3 enrol)
  kListLit,  // children
  kNot,
  kAnd,
  kOr,
  kNeg,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kIn,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMin,
  kMax,
  kClamp,
  kIf,
  kKnown,
  kDefault,
  kProvince,
  kPrefecture,
  kWithin,
  kMonthsBetween,
  kYear,
  kLookup,
  kRoundYuan,
  kYears,
  // Produced only when lowering (never by the parser): `x in [c1, c2, ...]` over constants. The
  // operand is child 0; the ExecNode::count constants are in Program::consts_ from b << 16 | a.
  kInConsts,
  // Produced only when lowering: one profile field read and tested against constants, in place of
  // a small tree (`f == c`, `f in [..]`, `default(f, c)`, `not default(f, c)`, `known(f)`, ...).
  // The field is `a`; ExecNode::test says the test; the constants are in Program::consts_ from
  // `first` (the default first when kQuietDefault is set, then `count` operands).
  kFieldTest,
};

// The reads the evaluation environment answers (EvalEnv::derived): as_of, age, retirement and
// the records in several places, kAsOf..kMedMissingMonths. The interpreter's dispatcher lists
// them as cases of its jump table; the reference evaluator lists them itself (it is the oracle).
constexpr bool is_derived(Op op) { return op >= Op::kAsOf && op <= Op::kMedMissingMonths; }

// What a kFieldTest does with the field's value (after the default, if any).
enum class FieldTest : std::uint8_t { kValue, kEq, kNe, kLt, kLe, kGt, kGe, kIn, kKnown };

struct Node {
  Op op = Op::kConst;
  Type type;                // result type
  Type arg_type;            // operand type, for arithmetic/comparison dispatch
  std::uint32_t first = 0;  // index of first child in Program::children
  std::uint16_t count = 0;  // number of children
  std::uint16_t a = 0, b = 0;
  Value imm;
  std::string path;  // for fields / params: the name as written (traces, needs)
};

// The evaluation form of a Node: 16 bytes, so that the nodes an evaluation visits stay in the
// first-level cache (a Node, with its types, imm and path, is about 170). Indexed like the nodes.
struct ExecNode {
  static constexpr std::uint8_t kStringArgs = 2;    // operands compare as strings
  static constexpr std::uint8_t kQuietDefault = 4;  // kFieldTest: read quietly, unknown -> the default
  static constexpr std::uint8_t kNegate = 8;        // kFieldTest: the test's value negated
  Op op = Op::kConst;
  TypeKind arg = TypeKind::kInvalid;  // operand kind (arithmetic/comparison dispatch)
  TypeKind aux = TypeKind::kInvalid;  // kMul/kDiv: the second operand's kind
  std::uint8_t flags = 0;
  std::uint16_t count = 0;
  std::uint16_t a = 0;
  std::uint32_t first = 0;  // first operand in Program::children_; kConst: index in consts_
  std::uint16_t b = 0;
  FieldTest test = FieldTest::kValue;  // kFieldTest only
};
static_assert(sizeof(ExecNode) == 16);

// Where an expression came from, to report errors at file:line:column.
struct ExprSource {
  std::string_view file;  // path for messages
  std::string_view raw;   // whole file text (for mapping offsets), may be empty
  SourcePos pos;          // position of the scalar holding the expression
};

// The file position of character `offset` of `text`, the value of the YAML scalar at `pos` in the
// file `raw` (quoted, plain or folded: the k-th non-space character of the value is the k-th
// non-space character of the file from the scalar's start). `pos` itself when `raw` is empty.
SourcePos map_scalar_offset(std::string_view raw, SourcePos pos, std::string_view text, std::size_t offset);

// What the first test of a condition says before anything else is read: a condition that is one
// enum or bool field tested against constants, or an `and` chain that starts with one, is false
// wherever that test is false. `pass` has bit v set when the field's value v (bit 63: the field
// unknown) may let the condition hold; a clear bit means the condition is false and reading it
// would stop at that first test, with no other value read.
struct FieldGuard {
  FieldId field = FieldId::kAsOf;
  static constexpr std::uint64_t kNone = ~std::uint64_t{0};  // every value may pass: no guard
  std::uint64_t pass = kNone;
  bool decides(std::uint64_t value_bit) const { return !((pass >> value_bit) & 1); }
  static constexpr std::uint64_t kUnknownBit = 63;
};

struct ParamInfo {
  std::string id;
  Type type;
};

// Names the compiler knows while checking: parameters by id.
struct ExprEnv {
  std::function<const ParamInfo*(std::string_view id, std::uint32_t* index)> find_param;
  bool allow_enrol = false;  // whether `@enrol` is allowed (inside `then`)
};

struct ExprError {
  SourcePos pos;
  std::string message;
};

// What the lowering may do beyond translating each node as parsed (each switchable in tests).
struct Lowering {
  bool fuse_field_tests = true;  // one field tested against constants -> one kFieldTest node
  bool flatten_chains = true;    // a chain of `and` (or `or`) -> one node over all its operands
  bool in_consts = true;         // `x in [constants]` -> one kInConsts node, constants inline
  static Lowering none() { return {false, false, false}; }
};

// All compiled expressions of a policy set.
class Program {
 public:
  // Parses and type-checks `text`; on success returns the root node index. `expected` (when not
  // kInvalid) is the type the context requires (bool for conditions, money for bases, ...).
  std::optional<std::uint32_t> compile(std::string_view text, const ExprSource& src, const ExprEnv& env,
                                       const Type& expected, std::vector<ExprError>& errors);
  const Node& node(std::uint32_t i) const { return nodes_[i]; }
  std::uint32_t child(const Node& n, std::uint32_t k) const { return children_[n.first + k]; }
  // The evaluation form (interpreter.h): nodes indexed like node(), operand indexes, constants.
  // exec_nodes() has small trees fused into one node (kFieldTest, kInConsts, kAnd/kOr over a whole
  // chain), each as the Lowering allows. node() keeps every node as parsed: the reference
  // evaluator (reference.h) and --explain read those.
  const ExecNode* exec_nodes() const { return exec_.data(); }
  const std::uint32_t* child_indexes() const { return children_.data(); }
  const Slot* constants() const { return consts_.data(); }
  std::vector<std::unique_ptr<ListData>>& pool() { return pool_; }
  // The guard of a bool expression (see FieldGuard); no guard (all bits set) when it has none.
  FieldGuard guard(std::uint32_t root) const;
  // Index of the profile fields and parameters an expression reads (for `ask` and lint).
  void collect_reads(std::uint32_t root, std::bitset<kFieldCount>& fields, std::vector<std::uint32_t>& params) const;

  // Test only: lowers every expression again with `l` (some optimisations off), so that a test
  // can compare each fast path with the plain form. Not while any thread evaluates with this
  // program. Guards computed before stay valid: a guard is a fact about the condition's value.
  void relower(const Lowering& l);
  const Lowering& lowering() const { return lowering_; }

 private:
  friend class Parser;
  // Builds exec_ (and consts_) for the nodes from `from` on, once they are final.
  void lower(std::size_t from);
  // The operands of a chain of `op` (kAnd or kOr) rooted at node i, left to right.
  void flatten(std::uint32_t i, Op op, std::vector<std::uint32_t>& out) const;
  // Makes `e` the kFieldTest equivalent of node i when it is one of the trees it covers.
  bool fuse_field_test(std::uint32_t i, ExecNode& e);
  std::vector<Node> nodes_;
  std::vector<ExecNode> exec_;
  Lowering lowering_;
  std::vector<Slot> consts_;
  std::vector<std::uint32_t> children_;
  std::vector<std::unique_ptr<ListData>> pool_;
};

// What evaluation needs from its caller.
class EvalEnv {
 public:
  virtual ~EvalEnv() = default;
  virtual Value field(FieldId id) const = 0;
  virtual Value derived(Op op) const = 0;
  // `quiet`: the expression asks whether the parameter is known (known(), default()), so its
  // absence is handled by the policy and is not a missing local figure.
  virtual Value param(std::uint32_t index, std::uint16_t selector, bool quiet) = 0;
  // Called for each unknown profile field read (to build `needs`).
  virtual void note_unknown_field(FieldId id) = 0;
  // Called for each value read, when tracing.
  virtual bool tracing() const { return false; }
  virtual void trace(const Node&, const Value&) {}
};

// Evaluates the lowered form (exec_nodes) through the virtual EvalEnv, for tests, tools and
// load-time guards; never traces (evaluate_reference in reference.h does).
Value evaluate(const Program& prog, std::uint32_t root, EvalEnv& env);

}  // namespace shebao::internal
