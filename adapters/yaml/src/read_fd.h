// Reading an open file into memory, for the pack loader, the parsed-pack cache and the region
// table (each sizes its buffer by fstat and decides what a short read means).
#pragma once

#include <unistd.h>

#include <cerrno>
#include <cstddef>

namespace shebao::yaml_internal {

// Reads into data[0, size) until it is full, the file ends or a read fails (EINTR is retried).
// Returns how many bytes were read; `*failed` (when given) is set when a read failed.
inline std::size_t read_fd(int fd, char* data, std::size_t size, bool* failed = nullptr) {
  std::size_t got = 0;
  while (got < size) {
    const ssize_t n = ::read(fd, data + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && failed) *failed = true;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  return got;
}

}  // namespace shebao::yaml_internal
