// A JSON profile read straight into a Profile, without the DocNode tree (issue 21: the batch
// spends most of its time building and destroying that tree).
//
// This is a fast path with a reference: parse_json (json_doc.h) followed by read_profile
// (profile.h) stays the one definition of what a JSON profile means and of every error message.
// read_profile_json_fast accepts only what it can read with certainty; on anything else — a
// syntax error, a duplicate or unknown key, a value of the wrong kind or out of range, a missing
// field, a contradiction, even a shape it does not handle — it returns nullopt and the caller runs
// the reference path, which finds the errors and words them. When it returns a profile, it is
// the profile the reference would give, field for field, including `extra` (with positions).
// tests/unit/json/profile_json_fast_test.cpp checks this on every profile of tests/ and of the
// contract, on generated profiles and on malformed ones.
#pragma once

#include <optional>
#include <string_view>

#include "shebao/core/date.h"
#include "shebao/core/doc_parse.h"
#include "shebao/profile/profile.h"

namespace shebao {

// The profile that
//   DocParse d = parse_json(text, limits);
//   then, when as_of_override is set, the root's `as_of` replaced by it (as read_profile_doc in
//   service.h does), and read_profile(*d.root, default_as_of)
// would return without errors; nullopt when the reference would report an error, and whenever
// this reader is not sure (then the caller runs the reference path).
std::optional<Profile> read_profile_json_fast(std::string_view text, const DocLimits& limits,
                                              std::optional<Date> as_of_override, Date default_as_of);

}  // namespace shebao
