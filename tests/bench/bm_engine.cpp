// Google Benchmark suite of the engine and its adapters (issue 6). Run through scripts/bench.sh,
// which builds Release and prints every figure with the command behind it.
//   bm_engine --benchmark_filter=Evaluate   (etc.)
// Each benchmark also reports `allocs`: heap allocations per iteration, counted by a global
// operator new replacement in this executable.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#include <stdio.h>
#include <unistd.h>

#include "shebao/core/region_table.h"
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
    ::setenv("SHEBAO_BUNDLED_CACHE_DIR", "off", 0);
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

// The fourth: a pension history of five periods in four provinces and a medical history (issue 19:
// within 2x the rider).
const char* const kExamples[] = {"rider-lincang-in-kunming", "driver-employee", "courier-part-time-woman",
                                 "rider-history-five-places"};

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
// parsed-pack cache is off here, the build's bundled snapshots too: a run after a pack changed.
// (A first run on a machine reads the bundled snapshot, like BM_LoadPoliciesCached.)
void BM_LoadPolicies(benchmark::State& st) {
  ::setenv("SHEBAO_CACHE_DIR", "off", 1);
  ::setenv("SHEBAO_BUNDLED_CACHE_DIR", "off", 1);
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
  ::setenv("SHEBAO_BUNDLED_CACHE_DIR", "off", 1);
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

// The region table (policies/cn/regions.csv, every region of China): what the first load of a
// process pays once; later loads of the unchanged file keep the parsed table (region_file.h).
void BM_RegionTableParse(benchmark::State& st) {
  const std::string text = read(policies_dir() + "/cn/regions.csv");
  for (auto _ : st) {
    auto parsed = RegionTable::parse(text);
    if (!parsed.table) std::abort();
    benchmark::DoNotOptimize(parsed.table);
  }
}
BENCHMARK(BM_RegionTableParse)->Unit(benchmark::kMicrosecond);

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
BENCHMARK(BM_Evaluate)->DenseRange(0, 3)->Unit(benchmark::kMicrosecond);


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

// The rider example as the JSON an app sends.
const std::string kRiderJson =
    R"({"as_of":"2026-11-28","person":{"birth":"1994-07","sex":"male","hukou":{"region":"530902","kind":"rural"}},)"
    R"("work":{"region":"530102","relationship":"platform_managed","industry":"food_delivery","platform":"meituan",)"
    R"("monthly_income":6200},"coverage":{"pension":{"scheme":"resident","region":"530902","months_paid":36,)"
    R"("receiving":false},"medical":{"scheme":"resident","region":"530902","months_paid":60}},)"
    R"("choices":{"pension_base_ratio":0.6,"medical_place":"work"}})";

void BM_ParseProfileJson(benchmark::State& st) {
  const std::string& text = kRiderJson;
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
  const std::string& text = kRiderJson;
  EvalRequest req;
  req.today = *Date::parse("2026-11-28");
  for (auto _ : st) {
    JsonAnswer a = evaluate_to_json(policies(), text, req);
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_EvaluateToJson)->Unit(benchmark::kMicrosecond);

// The generated population (shebao-gen, 10,000 profiles, seed 6: every relationship, region, age
// and coverage), or the JSONL file named by SHEBAO_BENCH_PROFILES.
std::vector<Profile> population() {
  std::string text;
  if (const char* path = std::getenv("SHEBAO_BENCH_PROFILES")) {
    text = read(path);
  } else {
    const std::string gen = std::filesystem::read_symlink("/proc/self/exe").parent_path() / "shebao-gen";
    const std::string cmd = gen + " --count 10000 --seed 6 --as-of 2026-11-28";
    if (FILE* f = ::popen(cmd.c_str(), "r")) {
      char buf[1 << 16];
      for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
      ::pclose(f);
    }
  }
  std::vector<Profile> out;
  const Date today = *Date::parse("2026-11-28");
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (auto in = read_profile_text(policies(), line, std::nullopt, today); in.profile) out.push_back(std::move(*in.profile));
  return out;
}

// One evaluation, engine only, over the generated population: the time per iteration is the mean
// over the mix. The counters are the distribution over profiles of each profile's median time (15
// timed evaluations each, steady_clock): p50, p90, p99, max, and the share at most 2 us.
void BM_EvaluatePopulation(benchmark::State& st) {
  const std::vector<Profile> people = population();
  if (people.empty()) {
    st.SkipWithError("no profiles: is shebao-gen beside bm_engine, or SHEBAO_BENCH_PROFILES set?");
    return;
  }
  EvalOptions opt;
  std::size_t i = 0;
  const std::uint64_t before = g_allocs.load();
  for (auto _ : st) {
    EvalResult r = evaluate(policies(), people[i], opt);
    benchmark::DoNotOptimize(r);
    if (++i == people.size()) i = 0;
  }
  report_allocs(st, before);
  std::vector<double> medians;
  medians.reserve(people.size());
  for (const Profile& p : people) {
    std::array<double, 15> t{};
    for (double& x : t) {
      const auto start = std::chrono::steady_clock::now();
      EvalResult r = evaluate(policies(), p, opt);
      benchmark::DoNotOptimize(r);
      x = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
    }
    std::nth_element(t.begin(), t.begin() + 7, t.end());
    medians.push_back(t[7]);
  }
  std::sort(medians.begin(), medians.end());
  const auto at = [&](double q) { return medians[static_cast<std::size_t>(q * static_cast<double>(medians.size() - 1))]; };
  st.counters["p50_us"] = at(0.5);
  st.counters["p90_us"] = at(0.9);
  st.counters["p99_us"] = at(0.99);
  st.counters["max_us"] = medians.back();
  st.counters["le_2us"] = static_cast<double>(std::upper_bound(medians.begin(), medians.end(), 2.0) - medians.begin()) /
                          static_cast<double>(medians.size());
  st.SetLabel(std::to_string(people.size()) + " generated profiles");
}
BENCHMARK(BM_EvaluatePopulation)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
