// The progress line on a terminal (private header): processed / estimated total (from the bytes
// read and the input's size), rate, time left; at most 5 updates a second.
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>

namespace shebao::batch::detail {

class Progress {
 public:
  using Clock = std::chrono::steady_clock;
  Progress(std::ostream& log, bool on, std::uint64_t total_bytes);
  void update(std::uint64_t lines, std::uint64_t offset, bool force = false);
  // Clears the line (before other text, and at the end).
  void clear();

 private:
  std::ostream& log_;
  bool on_;
  std::uint64_t total_;
  Clock::time_point start_, last_;
  bool have_first_ = false;
  std::uint64_t first_offset_ = 0;
  Clock::time_point first_time_;
  bool shown_ = false;
};

}  // namespace shebao::batch::detail
