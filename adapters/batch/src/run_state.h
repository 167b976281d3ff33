// What a batch run computes, recorded before anything is written so that a re-run can check that
// it continues the same computation (private header).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shebao::batch::detail {

struct RunState {
  std::string input_format;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::string head_sha256;
  std::string encoding;  // "utf-8" | "gb18030"
  std::string policy_digest;
  std::string as_of;  // "" = each profile's own
  std::string today;
  std::string lang;
  std::string output;   // "jsonl" | "sqlite" | "summary" | "compare"
  std::string compare;  // what the comparison is against ("" when none)
  std::string run_id;

  std::string to_json() const;
  static std::optional<RunState> from_json(std::string_view text);
  // Why `now` cannot continue the run recorded in `this` ("" when it can).
  std::string mismatch(const RunState& now) const;
};

std::string new_run_id();

}  // namespace shebao::batch::detail
