// Lowering: the checked nodes (Program::node) -> their evaluation form (ExecNode, 16 bytes each),
// with the optimisations the Lowering allows: one field tested against constants fused into one
// kFieldTest node, `and` / `or` chains flattened into one node, `in` over constants with its
// constants inline (kInConsts). Also the guards of conditions (derived from the lowered form by
// evaluating the first test for every value of its field) and the reads of an expression.
// The nodes as parsed are never changed here: the reference evaluator reads them.
#include <vector>

#include "expr/expr.h"

namespace shebao::internal {

void Program::relower(const Lowering& l) {
  lowering_ = l;
  lower(0);
}

void Program::lower(std::size_t from) {
  exec_.resize(from);
  // The `and` / `or` nodes inside a chain of the same operator: only the chain's top is flattened.
  std::vector<bool> inner(nodes_.size() - from);
  for (std::size_t i = from; i < nodes_.size(); ++i)
    if (nodes_[i].op == Op::kAnd || nodes_[i].op == Op::kOr)
      for (std::uint16_t k = 0; k < nodes_[i].count; ++k) {
        const std::uint32_t c = children_[nodes_[i].first + k];
        if (c >= from && nodes_[c].op == nodes_[i].op) inner[c - from] = true;
      }
  for (std::size_t i = from; i < nodes_.size(); ++i) {
    const Node& n = nodes_[i];
    ExecNode e;
    e.op = n.op;
    e.arg = n.arg_type.kind;
    e.count = n.count;
    e.a = n.a;
    e.b = n.b;
    e.first = n.first;
    switch (n.op) {
      case Op::kConst:
        e.first = static_cast<std::uint32_t>(consts_.size());
        consts_.push_back(Slot::from(n.imm));
        break;
      case Op::kMul:
      case Op::kDiv: e.aux = static_cast<TypeKind>(n.a); break;
      case Op::kAnd:
      case Op::kOr: {
        // `a and b and c` parses as a tree of pairs; evaluated as one node over its operands in
        // order, it reads the same operands in the same order and gives the same value.
        if (!lowering_.flatten_chains || inner[i - from]) break;
        std::vector<std::uint32_t> flat;
        flatten(static_cast<std::uint32_t>(i), n.op, flat);
        if (flat.size() > 2 && flat.size() <= UINT16_MAX) {
          e.first = static_cast<std::uint32_t>(children_.size());
          e.count = static_cast<std::uint16_t>(flat.size());
          children_.insert(children_.end(), flat.begin(), flat.end());
        }
        break;
      }
      case Op::kLookup:
        if (nodes_[children_[n.first]].type.key == TypeKind::kString) e.flags |= ExecNode::kStringArgs;
        break;
      case Op::kIn: {
        const Node& list = nodes_[children_[n.first + 1]];
        bool consts = lowering_.in_consts && list.op == Op::kListLit;
        for (std::uint16_t k = 0; consts && k < list.count; ++k)
          consts = nodes_[children_[list.first + k]].op == Op::kConst;
        if (consts) {  // the item nodes are never visited: their values are copied in order
          // The operand stays child 0 (`first`); the constants' index is split over a (low) and b.
          e.op = Op::kInConsts;
          e.count = list.count;
          e.a = static_cast<std::uint16_t>(consts_.size() & 0xFFFF);
          e.b = static_cast<std::uint16_t>(consts_.size() >> 16);
          for (std::uint16_t k = 0; k < list.count; ++k)
            consts_.push_back(Slot::from(nodes_[children_[list.first + k]].imm));
        }
        break;
      }
      default: break;
    }
    if (n.arg_type.kind == TypeKind::kString) e.flags |= ExecNode::kStringArgs;
    if (lowering_.fuse_field_tests) fuse_field_test(static_cast<std::uint32_t>(i), e);
    exec_.push_back(e);
  }
}

bool Program::fuse_field_test(std::uint32_t i, ExecNode& e) {
  auto kid = [&](const Node& x, std::uint32_t k) -> const Node& { return nodes_[children_[x.first + k]]; };
  const Node* n = &nodes_[i];
  const bool negate = n->op == Op::kNot;
  if (negate) n = &kid(*n, 0);
  const bool strings = n->arg_type.kind == TypeKind::kString;
  // The test, its operands (constants), and the tree that gives the value tested.
  FieldTest test = FieldTest::kValue;
  std::vector<const Node*> operands;
  const Node* base = n;
  // Defended duplicate: the reference evaluator (reference.cpp) has the same comparison cases;
  // it is the oracle of this fusion and shares no code with it on purpose.
  switch (n->op) {
    case Op::kEq:
    case Op::kNe:
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe: {
      static constexpr FieldTest kTests[] = {FieldTest::kEq, FieldTest::kNe, FieldTest::kLt,
                                             FieldTest::kLe, FieldTest::kGt, FieldTest::kGe};
      if (kid(*n, 1).op != Op::kConst) return false;
      test = kTests[static_cast<int>(n->op) - static_cast<int>(Op::kEq)];
      base = &kid(*n, 0);
      operands.push_back(&kid(*n, 1));
      break;
    }
    case Op::kIn: {
      const Node& list = kid(*n, 1);
      if (list.op != Op::kListLit) return false;
      for (std::uint16_t k = 0; k < list.count; ++k) {
        if (kid(list, k).op != Op::kConst) return false;
        operands.push_back(&kid(list, k));
      }
      test = FieldTest::kIn;
      base = &kid(*n, 0);
      break;
    }
    case Op::kKnown:
      test = FieldTest::kKnown;
      base = &kid(*n, 0);
      if (base->op != Op::kField) return false;
      break;
    default: break;
  }
  const Node* field = base;
  const Node* fallback = nullptr;
  if (base->op == Op::kDefault && kid(*base, 0).op == Op::kField && kid(*base, 1).op == Op::kConst) {
    field = &kid(*base, 0);
    fallback = &kid(*base, 1);
  }
  if (field->op != Op::kField) return false;
  if (test == FieldTest::kValue && !negate && !fallback) return false;  // a bare field is read as it is
  if (operands.size() > UINT16_MAX) return false;
  e = ExecNode{};
  e.op = Op::kFieldTest;
  e.test = test;
  e.a = field->a;
  e.first = static_cast<std::uint32_t>(consts_.size());
  e.count = static_cast<std::uint16_t>(operands.size());
  if (strings) e.flags |= ExecNode::kStringArgs;
  if (negate) e.flags |= ExecNode::kNegate;
  if (fallback) {
    e.flags |= ExecNode::kQuietDefault;
    consts_.push_back(Slot::from(fallback->imm));
  }
  for (const Node* c : operands) consts_.push_back(Slot::from(c->imm));
  return true;
}

void Program::flatten(std::uint32_t i, Op op, std::vector<std::uint32_t>& out) const {
  const Node& n = nodes_[i];
  for (std::uint16_t k = 0; k < n.count; ++k) {
    const std::uint32_t c = children_[n.first + k];
    if (nodes_[c].op == op)
      flatten(c, op, out);
    else
      out.push_back(c);
  }
}

namespace {
// Gives one field a chosen value (unknown when nullopt); no other value is read by a field test.
class OneFieldEnv final : public EvalEnv {
 public:
  explicit OneFieldEnv(std::optional<std::int64_t> v) : v_(v) {}
  Value field(FieldId) const override { return v_ ? Value::of_int(*v_) : Value::unknown(); }
  Value derived(Op) const override { return Value::unknown(); }
  Value param(std::uint32_t, std::uint16_t, bool) override { return Value::unknown(); }
  void note_unknown_field(FieldId) override {}

 private:
  std::optional<std::int64_t> v_;
};
}  // namespace

FieldGuard Program::guard(std::uint32_t root) const {
  FieldGuard g;
  const ExecNode* e = &exec_[root];
  std::uint32_t test = root;
  if (e->op == Op::kAnd && e->count > 0) {
    test = children_[e->first];
    e = &exec_[test];
  }
  if (e->op != Op::kFieldTest || (e->flags & ExecNode::kStringArgs)) return g;
  const FieldSpec& spec = field_spec(static_cast<FieldId>(e->a));
  std::size_t values = 0;
  if (spec.type == FieldType::kEnum)
    values = spec.enum_values.size();
  else if (spec.type == FieldType::kBool)
    values = 2;
  if (values == 0 || values >= FieldGuard::kUnknownBit) return g;
  // The test itself, evaluated for every value the field can take and for the field unknown: a
  // value for which it is false gets its bit cleared.
  auto is_false = [&](std::optional<std::int64_t> v) {
    OneFieldEnv env(v);
    const Value r = evaluate(*this, test, env);
    return r.known && r.i == 0;
  };
  g.field = spec.id;
  for (std::size_t v = 0; v < values; ++v)
    if (is_false(static_cast<std::int64_t>(v))) g.pass &= ~(std::uint64_t{1} << v);
  if (is_false(std::nullopt)) g.pass &= ~(std::uint64_t{1} << FieldGuard::kUnknownBit);
  return g;
}

void Program::collect_reads(std::uint32_t root, std::bitset<kFieldCount>& fields,
                            std::vector<std::uint32_t>& params) const {
  const Node& n = nodes_[root];
  if (n.op == Op::kField) fields.set(n.a);
  if (n.op == Op::kParam) params.push_back(n.a);
  for (std::uint16_t k = 0; k < n.count; ++k) collect_reads(children_[n.first + k], fields, params);
}

}  // namespace shebao::internal
