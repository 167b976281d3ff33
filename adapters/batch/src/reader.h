// The batch input (private header): physical lines from a file descriptor, turned into records
// (a JSONL line, or a CSV record that may span lines), converted to UTF-8 when the input is
// GB18030 (see encoding.h).
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "encoding.h"
#include "items.h"

namespace shebao::batch::detail {

inline constexpr std::size_t kMaxLine = 16u << 20;      // as DocLimits::max_bytes
inline constexpr std::size_t kMaxCsvRecord = 1u << 20;  // a quoted field running longer is an error

class LineReader {
 public:
  LineReader(int fd, const std::atomic<int>& stop, std::string name)
      : fd_(fd), stop_(stop), name_(std::move(name)), buf_(1u << 20) {}

  // The next line without its '\n' (nor a '\r' before it). False at the end of the input. A line
  // longer than kMaxLine is cut there and too_long() says so.
  bool next(std::string& line);
  std::uint64_t line_no() const { return line_no_; }
  std::uint64_t offset() const { return offset_; }
  bool too_long() const { return too_long_; }

 private:
  void fill();

  int fd_;
  const std::atomic<int>& stop_;
  std::string name_;
  std::vector<char> buf_;
  std::size_t pos_ = 0, end_ = 0;
  bool eof_ = false;
  bool too_long_ = false;
  std::uint64_t line_no_ = 0;
  std::uint64_t offset_ = 0;
};

// Records of the input. With a decoder (GB18030 input), each physical line is converted to UTF-8
// before anything else reads it (GB18030 never uses the bytes of '\n', ',' or '"' inside a
// character, so lines and cells are found the same way before and after).
class RecordSource {
 public:
  RecordSource(LineReader& r, bool csv, std::size_t columns, Decoder* decoder)
      : r_(r), csv_(csv), columns_(columns), decoder_(decoder) {}

  bool next(InItem& item);
  std::uint64_t blank() const { return blank_; }

 private:
  struct Line {
    std::uint64_t no = 0;
    std::string text;
    bool too_long = false;
    bool undecodable = false;
  };
  bool get(Line& l);

  LineReader& r_;
  bool csv_;
  std::size_t columns_;
  Decoder* decoder_;
  std::deque<Line> pushback_;
  std::uint64_t blank_ = 0;
};

}  // namespace shebao::batch::detail
