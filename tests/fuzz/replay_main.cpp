// Replays fuzz inputs through a target without libFuzzer (GCC builds, ctest): every argument is
// a file or a folder whose files (recursively, sorted) are run one by one through
// LLVMFuzzerTestOneInput. A crash or a sanitizer report fails the process; a clean run prints
// how many inputs it replayed and the slowest ones.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    const fs::path p(argv[i]);
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (const auto& e : fs::recursive_directory_iterator(p))
        if (e.is_regular_file()) files.push_back(e.path());
    } else if (fs::is_regular_file(p, ec)) {
      files.push_back(p);
    } else {
      std::fprintf(stderr, "replay: %s is neither a file nor a folder\n", argv[i]);
      return 2;
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    std::fprintf(stderr, "replay: no inputs\n");
    return 2;
  }
  const bool quiet = std::getenv("SHEBAO_REPLAY_QUIET") != nullptr;
  std::vector<std::pair<double, std::string>> times;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!quiet) std::fprintf(stderr, "replay: %s (%zu bytes)\n", f.string().c_str(), bytes.size());
    const auto t0 = std::chrono::steady_clock::now();
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    times.emplace_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), f.string());
  }
  std::sort(times.begin(), times.end(), std::greater<>());
  std::printf("replay: %zu inputs, no finding\n", files.size());
  for (std::size_t i = 0; i < times.size() && i < 3; ++i)
    std::printf("replay: slowest %zu: %.3f s %s\n", i + 1, times[i].first, times[i].second.c_str());
  return 0;
}
