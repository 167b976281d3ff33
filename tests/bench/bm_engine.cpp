// Google Benchmark suite of the engine and its adapters (issue 6). Run through scripts/bench.sh,
// which builds Release and prints every figure with the command behind it.
//   bm_engine --benchmark_filter=Evaluate   (etc.)
// Each benchmark also reports `allocs`: heap allocations per iteration, counted by a global
// operator new replacement in this executable.
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <new>
#include <sstream>
#include <string>

#include <unistd.h>

#include "shebao/eval/evaluator.h"
#include "shebao/json/result_json.h"
#include "shebao/service/service.h"

namespace {

std::atomic<std::uint64_t> g_allocs{0};

}  // namespace

void* operator new(std::size_t n) {
  g_allocs.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
// The replacement operator new above allocates with malloc, so free is the matching release.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop

namespace {

using namespace shebao;

std::string policies_dir() {
  const char* env = std::getenv("SHEBAO_POLICIES");
  return env ? env : SHEBAO_SOURCE_DIR "/policies";
}

const PolicySet& policies() {
  static const std::shared_ptr<const PolicySet> set = [] {
    ::setenv("SHEBAO_CACHE_DIR", "off", 0);  // never the user's cache, unless told
    auto loaded = load_policies(policies_dir());
    if (!loaded.set) std::abort();
    return loaded.set;
  }();
  return *set;
}

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const char* const kExamples[] = {"rider-lincang-in-kunming", "driver-employee", "courier-part-time-woman"};

std::string example_text(int i) { return read(std::string(SHEBAO_SOURCE_DIR "/examples/") + kExamples[i] + ".yaml"); }

Profile example_profile(int i) {
  auto in = read_profile_text(policies(), example_text(i), Date::parse("2026-11-28"), *Date::parse("2026-11-28"));
  if (!in.profile) std::abort();
  return *in.profile;
}

void report_allocs(benchmark::State& st, std::uint64_t before) {
  st.counters["allocs"] = benchmark::Counter(static_cast<double>(g_allocs.load() - before),
                                             benchmark::Counter::kAvgIterations);
}

// Loading and compiling every bundled pack (files read, YAML parsed, checked, compiled). The
// parsed-pack cache is off here: this is the first run on a machine, or after a pack changed.
void BM_LoadPolicies(benchmark::State& st) {
  ::setenv("SHEBAO_CACHE_DIR", "off", 1);
  for (auto _ : st) {
    auto loaded = load_policies(policies_dir());
    benchmark::DoNotOptimize(loaded.set);
  }
}
BENCHMARK(BM_LoadPolicies)->Unit(benchmark::kMillisecond);

// The same load through a warm parsed-pack cache (every later run), in a private folder.
void BM_LoadPoliciesCached(benchmark::State& st) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("shebao-bench-cache-" + std::to_string(::getpid()));
  ::setenv("SHEBAO_CACHE_DIR", dir.c_str(), 1);
  load_policies(policies_dir());  // parses and writes the snapshot
  for (auto _ : st) {
    auto loaded = load_policies(policies_dir());
    benchmark::DoNotOptimize(loaded.set);
  }
  ::setenv("SHEBAO_CACHE_DIR", "off", 1);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}
BENCHMARK(BM_LoadPoliciesCached)->Unit(benchmark::kMillisecond);

// One evaluation, engine only: profile already parsed, result not serialised.
void BM_Evaluate(benchmark::State& st) {
  const Profile p = example_profile(static_cast<int>(st.range(0)));
  EvalOptions opt;
  const std::uint64_t before = g_allocs.load();
  for (auto _ : st) {
    EvalResult r = evaluate(policies(), p, opt);
    benchmark::DoNotOptimize(r);
  }
  report_allocs(st, before);
  st.SetLabel(kExamples[st.range(0)]);
}
BENCHMARK(BM_Evaluate)->DenseRange(0, 2)->Unit(benchmark::kMicrosecond);


void BM_EvaluateExplain(benchmark::State& st) {
  const Profile p = example_profile(0);
  EvalOptions opt(true);
  const std::uint64_t before = g_allocs.load();
  for (auto _ : st) {
    EvalResult r = evaluate(policies(), p, opt);
    benchmark::DoNotOptimize(r);
  }
  report_allocs(st, before);
}
BENCHMARK(BM_EvaluateExplain)->Unit(benchmark::kMicrosecond);

// Profile text -> validated Profile (YAML and JSON).
void BM_ParseProfileYaml(benchmark::State& st) {
  const std::string text = example_text(0);
  const Date today = *Date::parse("2026-11-28");
  for (auto _ : st) {
    auto in = read_profile_text(policies(), text, std::nullopt, today);
    benchmark::DoNotOptimize(in);
  }
}
BENCHMARK(BM_ParseProfileYaml)->Unit(benchmark::kMicrosecond);

void BM_ParseProfileJson(benchmark::State& st) {
  const std::string text =
      R"({"as_of":"2026-11-28","person":{"birth":"1994-07","sex":"male","hukou":{"region":"530902","kind":"rural"}},)"
      R"("work":{"region":"530102","relationship":"platform_managed","industry":"food_delivery","platform":"meituan",)"
      R"("monthly_income":6200},"coverage":{"pension":{"scheme":"resident","region":"530902","months_paid":36,)"
      R"("receiving":false},"medical":{"scheme":"resident","region":"530902","months_paid":60}},)"
      R"("choices":{"pension_base_ratio":0.6,"medical_place":"work"}})";
  const Date today = *Date::parse("2026-11-28");
  for (auto _ : st) {
    auto in = read_profile_text(policies(), text, std::nullopt, today);
    benchmark::DoNotOptimize(in);
  }
}
BENCHMARK(BM_ParseProfileJson)->Unit(benchmark::kMicrosecond);

// Result -> RESULT.md JSON.
void BM_SerializeJson(benchmark::State& st) {
  EvalOptions opt;
  const EvalResult r = evaluate(policies(), example_profile(0), opt);
  std::size_t bytes = 0;
  for (auto _ : st) {
    std::string json = result_to_json(r, JsonOptions{});
    bytes = json.size();
    benchmark::DoNotOptimize(json);
  }
  st.SetBytesProcessed(static_cast<std::int64_t>(bytes) * st.iterations());
}
BENCHMARK(BM_SerializeJson)->Unit(benchmark::kMicrosecond);

// The whole request path of HTTP/batch/C API: JSON profile text in, RESULT.md JSON out.
void BM_EvaluateToJson(benchmark::State& st) {
  const std::string text = example_text(0);
  EvalRequest req;
  req.today = *Date::parse("2026-11-28");
  for (auto _ : st) {
    JsonAnswer a = evaluate_to_json(policies(), text, req);
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_EvaluateToJson)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
