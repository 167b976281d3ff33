// What flows through the batch pipeline (private header): the reader makes InItems, a worker
// turns each into an OutItem, the writer writes OutItems in input order. Chunks of them are the
// unit of work.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "shebao/core/diagnostics.h"

namespace shebao::batch::detail {

struct InItem {
  std::uint64_t line = 0;
  std::string text;                  // the line (JSONL) or the record's text (CSV), UTF-8
  std::vector<std::string> cells;    // CSV
  std::optional<FieldError> error;   // found while reading
};

struct OutItem {
  std::uint64_t line = 0;
  bool ok = false;
  std::string json;         // RESULT.md object, or {"errors": [...]} (JSONL, SQLite and the audit log)
  std::string row;          // summary / comparison output: whole CSV records (may be empty)
  std::string first_error;  // for the log, when !ok
  std::string as_of;        // the as_of used (audit)
  std::optional<std::string> profile;  // profile text (audit --audit-full)
  std::string profile_sha256;
};

struct Chunk {
  std::uint64_t seq = 0;
  std::uint64_t end_offset = 0;  // input bytes read when the chunk was complete
  std::vector<InItem> in;
  std::vector<OutItem> out;
};

// Stopped by the caller's `stop` flag while blocked on input.
struct Stopped {};

}  // namespace shebao::batch::detail
