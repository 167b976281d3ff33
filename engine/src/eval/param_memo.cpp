#include "eval/param_memo.h"

namespace shebao::internal {

namespace {
thread_local std::array<LookupMemo, 16> t_lookup_memo;
thread_local LookupMemo t_lookup_spare;
thread_local int t_hold_depth = 0;
}  // namespace

int& MemoHold::depth() { return t_hold_depth; }

LookupMemo& claim_memo(const PolicySet& set, Region r, Date as_of, const LookupMemo* held) {
  std::uint32_t h = r.code() * 2654435761u ^ static_cast<std::uint32_t>(as_of.days());
  h ^= h >> 16;
  LookupMemo* m = &t_lookup_memo[h % t_lookup_memo.size()];
  if (m == held) m = &t_lookup_spare;
  if (m->set != &set || m->set_id != set.id || m->region != r.code() || m->as_of != as_of.days()) {
    m->set = &set;
    m->set_id = set.id;
    m->region = r.code();
    m->as_of = as_of.days();
    m->known.reset();
  }
  return *m;
}

}  // namespace shebao::internal
