#include "reader.h"

#include <unistd.h>

#include <cstring>

#include "shebao/store/csv_profile.h"
#include "util.h"

namespace shebao::batch::detail {

bool LineReader::next(std::string& line) {
  line.clear();
  too_long_ = false;
  bool any = false;
  while (true) {
    if (pos_ == end_) {
      if (eof_) break;
      fill();
      continue;
    }
    any = true;
    const char* start = buf_.data() + pos_;
    const void* nl = std::memchr(start, '\n', end_ - pos_);
    const std::size_t take = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - start) : end_ - pos_;
    if (line.size() + take <= kMaxLine)
      line.append(start, take);
    else
      too_long_ = true;
    pos_ += take;
    offset_ += take;
    if (nl) {
      ++pos_;
      ++offset_;
      break;
    }
  }
  if (!any) return false;
  ++line_no_;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

void LineReader::fill() {
  while (true) {
    const ssize_t n = ::read(fd_, buf_.data(), buf_.size());
    if (n < 0 && errno == EINTR) {
      if (stop_.load()) throw Stopped{};
      continue;
    }
    if (n < 0) throw BatchError(1, name_ + ": cannot read: " + sys_error());
    pos_ = 0;
    end_ = static_cast<std::size_t>(n);
    if (n == 0) eof_ = true;
    return;
  }
}

namespace {

FieldError too_long_error() {
  return FieldError{"", "too_large", "the line is longer than 16 MiB", "该行超过 16 MiB"};
}

FieldError undecodable_error() {
  return FieldError{"", "encoding", "the line is not valid GB18030 text", "该行不是有效的 GB18030 编码文本"};
}

FieldError syntax(const store::CsvSplit& s) {
  return FieldError{"", "csv_syntax", s.message + " (column " + std::to_string(s.column) + ")",
                    s.message_zh + "（第 " + std::to_string(s.column) + " 个字符）"};
}

}  // namespace

bool RecordSource::next(InItem& item) {
  using store::CsvStatus;
  item = InItem{};
  Line first;
  while (true) {
    if (!get(first)) return false;
    if (!is_blank(first.text)) break;
    ++blank_;
  }
  item.line = first.no;
  if (first.too_long || first.undecodable) {
    item.error = first.too_long ? too_long_error() : undecodable_error();
    return true;
  }
  if (!csv_) {
    item.text = std::move(first.text);
    return true;
  }
  std::string rec = first.text;
  std::vector<Line> consumed;
  while (true) {
    store::CsvSplit s = store::split_csv_record(rec, item.cells);
    if (s.status == CsvStatus::kOk) {
      if (item.cells.size() != columns_) item.error = store::csv_cell_count_error(columns_, item.cells.size());
      item.text = std::move(rec);
      return true;
    }
    if (s.status == CsvStatus::kError) {
      item.error = syntax(s);
      item.text = std::move(rec);
      item.cells.clear();
      return true;
    }
    Line more;
    if (rec.size() > kMaxCsvRecord || !get(more) || more.too_long || more.undecodable) {
      // An unterminated quote: report it at the record's first line and read the lines after
      // that one again as records of their own.
      if (more.no) consumed.push_back(std::move(more));
      for (auto it = consumed.rbegin(); it != consumed.rend(); ++it) pushback_.push_front(std::move(*it));
      s.message = "a quoted field is not closed before the end of the " +
                  std::string(rec.size() > kMaxCsvRecord ? "record (1 MiB)" : "file");
      s.message_zh = "带引号的单元格一直没有结束的引号";
      item.error = syntax(s);
      item.text = std::move(first.text);
      item.cells.clear();
      return true;
    }
    rec += '\n';
    rec += more.text;
    consumed.push_back(std::move(more));
  }
}

bool RecordSource::get(Line& l) {
  if (!pushback_.empty()) {
    l = std::move(pushback_.front());
    pushback_.pop_front();
    return true;
  }
  if (!r_.next(l.text)) return false;
  l.no = r_.line_no();
  l.too_long = r_.too_long();
  l.undecodable = false;
  if (decoder_ && !l.too_long) {
    std::string utf8;
    l.undecodable = !decoder_->convert(l.text, utf8);
    l.text = std::move(utf8);
  }
  return true;
}

}  // namespace shebao::batch::detail
