// Evaluation through the virtual EvalEnv (tests, fuzzers and tools); the engine instantiates the
// evaluator for its own environment in eval/evaluator.cpp.
#include "expr/eval_impl.h"

namespace shebao::internal {

Value evaluate(const Program& prog, std::uint32_t root, EvalEnv& env) {
  if (env.tracing()) return Evaluator<EvalEnv, true>(prog, env).eval(root).value();
  return Evaluator<EvalEnv, false>(prog, env).eval(root).value();
}

}  // namespace shebao::internal
