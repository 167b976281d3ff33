#include "progress.h"

#include <algorithm>
#include <cstdio>
#include <ostream>
#include <string>

namespace shebao::batch::detail {

Progress::Progress(std::ostream& log, bool on, std::uint64_t total_bytes)
    : log_(log), on_(on), total_(total_bytes), start_(Clock::now()), last_(start_) {}

void Progress::update(std::uint64_t lines, std::uint64_t offset, bool force) {
  if (!on_) return;
  const auto now = Clock::now();
  if (!force && now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  if (!have_first_) {
    have_first_ = true;
    first_offset_ = offset;
    first_time_ = now;
  }
  const double secs = std::chrono::duration<double>(now - start_).count();
  const double rate = secs > 0 ? static_cast<double>(lines) / secs : 0;
  std::string s = "\r\033[K";
  char buf[160];
  if (total_ > 0) {
    const double frac = std::min(1.0, static_cast<double>(offset) / static_cast<double>(total_));
    const int width = 24;
    const int filled = static_cast<int>(frac * width);
    s += '[';
    s.append(static_cast<std::size_t>(filled), '#');
    s.append(static_cast<std::size_t>(width - filled), '-');
    std::snprintf(buf, sizeof buf, "] %3d%%  ", static_cast<int>(frac * 100));
    s += buf;
  }
  if (total_ > 0 && offset > 0 && lines > 0) {
    // The total of lines, estimated from the bytes per line so far.
    const double est = static_cast<double>(lines) * static_cast<double>(total_) / static_cast<double>(offset);
    std::snprintf(buf, sizeof buf, "%llu / ~%.0f lines  %.0f/s", static_cast<unsigned long long>(lines), est, rate);
  } else {
    std::snprintf(buf, sizeof buf, "%llu lines  %.0f/s", static_cast<unsigned long long>(lines), rate);
  }
  s += buf;
  const double span = std::chrono::duration<double>(now - first_time_).count();
  if (total_ > 0 && span > 0.5 && offset > first_offset_) {
    const double byte_rate = static_cast<double>(offset - first_offset_) / span;
    const double eta = static_cast<double>(total_ > offset ? total_ - offset : 0) / byte_rate;
    const long e = static_cast<long>(eta + 0.5);
    std::snprintf(buf, sizeof buf, "  ETA %ld:%02ld:%02ld", e / 3600, e / 60 % 60, e % 60);
    s += buf;
  }
  log_ << s << std::flush;
  shown_ = true;
}

void Progress::clear() {
  if (on_ && shown_) {
    log_ << "\r\033[K" << std::flush;
    shown_ = false;
  }
}

}  // namespace shebao::batch::detail
