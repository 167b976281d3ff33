// Evaluation through the virtual EvalEnv (tests, fuzzers, tools and load-time guards); the
// engine instantiates the interpreter for its own environment in eval/evaluator.cpp.
#include "expr/interpreter.h"

namespace shebao::internal {

Value evaluate(const Program& prog, std::uint32_t root, EvalEnv& env) {
  return Interpreter<EvalEnv>(prog, env).eval(root).value();
}

}  // namespace shebao::internal
