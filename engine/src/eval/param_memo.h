// The one piece of state the evaluator keeps between evaluations: each thread's memo of which
// version of each parameter is in force for a (policy set, region, date).
//
// The rule: an entry holds only answers of a pure function of its key (set id, region, date),
// so a remembered answer is the one a lookup would give, whichever evaluation asked first. An
// evaluation holds at most two entries for its whole duration (its work region's and one other
// region's) and nothing else; it claims them through a MemoHold. A nested evaluation on the same
// thread (the engine makes none; a caller's callback could) would reset entries under its caller,
// so it is refused the memo (MemoHold::granted() false) and looks every parameter up instead.
// Parameters with an index of kParams or more are never remembered (looked up on each read).
#pragma once

#include <array>
#include <bitset>
#include <cstdint>

#include "policy/model.h"

namespace shebao::internal {

struct LookupMemo {
  static constexpr std::size_t kParams = 128;  // parameters with a higher index are not remembered
  const PolicySet* set = nullptr;
  std::uint64_t set_id = 0;
  std::uint32_t region = 0;
  std::int32_t as_of = 0;
  std::bitset<kParams> known;  // versions[i] is the answer where set
  std::array<const ParamVersion*, kParams> versions;
};

// The thread's entry for (set, r, as_of), emptied first when it held another key. Entries are
// direct-mapped by (region, date): a collision only costs the lookups again. `held` is an entry
// the caller holds already (its work region's): when the key falls on it, the thread's spare
// entry is used, so that neither is reset while it is held.
LookupMemo& claim_memo(const PolicySet& set, Region r, Date as_of, const LookupMemo* held = nullptr);

// Held for the length of one evaluation: granted unless another evaluation on this thread holds it.
class MemoHold {
 public:
  MemoHold() : granted_(depth()++ == 0) {}
  ~MemoHold() { --depth(); }
  MemoHold(const MemoHold&) = delete;
  MemoHold& operator=(const MemoHold&) = delete;
  bool granted() const { return granted_; }

 private:
  static int& depth();
  bool granted_;
};

}  // namespace shebao::internal
