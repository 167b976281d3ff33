// Small helpers of the batch adapter (private header): errors, file writes, names.
#pragma once

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>

#include "shebao/batch/batch.h"

namespace shebao::batch::detail {

inline std::string sys_error() { return std::strerror(errno); }

inline std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

inline bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

inline bool is_blank(std::string_view s) {
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\r') return false;
  return true;
}

inline void write_all(int fd, std::string_view data, const std::string& what) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw BatchError(1, what + ": cannot write: " + sys_error());
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

// Reads a small file whole (at most about 1 MiB).
std::string read_small(const std::string& path);

// Writes `text` to `path` through a temporary file and a rename, synced.
void write_file_atomic(const std::string& path, std::string_view text);

inline std::string restart_hint() {
  return "; re-run with --restart to start over (the existing answers are discarded)";
}

// Money (fen) as yuan with two decimals: "1452.60", "-3.50".
std::string yuan(std::int64_t fen);

}  // namespace shebao::batch::detail
