// Where the answers go (private header). The writer thread hands each sink the chunks that are
// ready, in input order.
//
// - TextFileSink: a text file with one record per physical line, each starting with the input
//   line number ({"line":N,… for JSONL, N,… for the summary and comparison CSV), after an
//   optional header. Resumable: OUT.state records the run; a re-run drops a partial last line
//   (and, where one input line may give several records, that line's records) and continues.
// - SqliteSink: results(line, ok, json) and batch_state in one SQLite file.
// - XLSX: a TextFileSink into OUT.part.csv (resumable), turned into OUT at the end (xlsx.h).
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <memory>
#include <string>
#include <vector>

#include "items.h"
#include "run_state.h"

namespace shebao::batch::detail {

class Sink {
 public:
  virtual ~Sink() = default;
  virtual void write(const std::vector<std::unique_ptr<Chunk>>& chunks) = 0;
  virtual void finish() {}
};

enum class RecordKind : std::uint8_t {
  kJsonl,    // {"line":N,"result":…} / {"line":N,"errors":[…]} from OutItem::json
  kRows,     // OutItem::row as it is (CSV records starting with N,); one per input line
  kRowsMany  // the same, but an input line may have several records (or none)
};

class TextFileSink : public Sink {
 public:
  // Standard output (header written first when not empty).
  TextFileSink(RecordKind kind, std::string header);
  // A file: sets *resume_after and may replace `state` (today, run id) with the first run's.
  TextFileSink(RecordKind kind, std::string header, const std::string& path, RunState& state, bool restart,
               std::uint64_t* resume_after);
  ~TextFileSink() override;

  void write(const std::vector<std::unique_ptr<Chunk>>& chunks) override;
  void finish() override;

 private:
  std::uint64_t recover_tail();
  off_t find_back(char c, off_t end);
  std::uint64_t line_number_at(off_t start, off_t end);

  RecordKind kind_;
  std::string header_;
  int fd_ = -1;
  bool own_;
  std::string path_;
  std::string buf_;
};

class SqliteSink : public Sink {
 public:
  SqliteSink(const std::string& path, RunState& state, bool restart, std::uint64_t* resume_after);
  void write(const std::vector<std::unique_ptr<Chunk>>& chunks) override;
  void finish() override;

 private:
  std::string path_;
  std::unique_ptr<SQLite::Database> db_;
  std::unique_ptr<SQLite::Statement> insert_;
};

}  // namespace shebao::batch::detail
