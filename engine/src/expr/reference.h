// The reference evaluator: the oracle every fast path is checked against, and the evaluator of
// --explain. It walks the nodes exactly as the parser built them (Program::node: binary `and` /
// `or`, `in` over a list literal, no fused field tests, no guards), through the virtual EvalEnv,
// one recursive call per node, with no state of its own. It shares only the operators' arithmetic
// (arith.h) with the interpreter. Slow by design; correct by being plain.
#pragma once

#include <cstdint>

#include "expr/expr.h"

namespace shebao::internal {

// The value of node `root` as parsed. When env.tracing(), every field, parameter and derived value
// read (other than the quiet reads of known() and default()) is reported to env.trace once read.
Value evaluate_reference(const Program& prog, std::uint32_t root, EvalEnv& env);

}  // namespace shebao::internal
