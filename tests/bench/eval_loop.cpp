// A small driver for instruction counts (callgrind, perf stat): loads the bundled packs, reads one
// example profile and evaluates it N times. Wall-clock benchmarks are noisy on a shared machine;
// instruction counts of the evaluation alone are stable, e.g.
//   valgrind --tool=callgrind --toggle-collect='shebao::evaluate*' bin/shebao-eval-loop rider-lincang-in-kunming 1000
// Arguments: example name (file under examples/, without .yaml), count (default 1000); with
// `--json` instead of a count, the result's RESULT.md JSON (pretty, zh) once, to check that a
// change keeps every byte (compare with tests/golden/results/).
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "shebao/eval/evaluator.h"
#include "shebao/json/result_json.h"
#include "shebao/service/service.h"

int main(int argc, char** argv) {
  using namespace shebao;
  if (argc < 2) {
    std::fprintf(stderr, "usage: shebao-eval-loop EXAMPLE [COUNT]\n");
    return 2;
  }
  ::setenv("SHEBAO_CACHE_DIR", "off", 0);
  ::setenv("SHEBAO_BUNDLED_CACHE_DIR", "off", 0);
  const auto loaded = load_policies(SHEBAO_SOURCE_DIR "/policies");
  if (!loaded.set) return 1;
  std::ifstream in(std::string(SHEBAO_SOURCE_DIR "/examples/") + argv[1] + ".yaml");
  std::stringstream ss;
  ss << in.rdbuf();
  const auto profile = read_profile_text(*loaded.set, ss.str(), Date::parse("2026-11-28"), *Date::parse("2026-11-28"));
  if (!profile.profile) return 1;
  if (argc > 2 && std::string(argv[2]) == "--json") {
    JsonOptions json;
    json.pretty = true;
    std::printf("%s\n", result_to_json(evaluate(*loaded.set, *profile.profile), json).c_str());
    return 0;
  }
  const long n = argc > 2 ? std::atol(argv[2]) : 1000;
  std::size_t sink = 0;
  for (long i = 0; i < n; ++i) {
    const EvalResult r = evaluate(*loaded.set, *profile.profile);
    sink += r.warnings.size() + r.schemes.size();
  }
  std::printf("%ld evaluations (%zu)\n", n, sink);
  return 0;
}
