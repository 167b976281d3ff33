// The summary of a result (shebao/eval/summary.h): a pure function of the EvalResult.
#include "shebao/eval/summary.h"

#include <algorithm>
#include <array>
#include <cstddef>

namespace shebao {

std::string_view action_kind_id(ActionKind k) {
  switch (k) {
    case ActionKind::kDo: return "do";
    case ActionKind::kChooseOne: return "choose_one";
    case ActionKind::kCheck: return "check";
  }
  return "do";
}

namespace {

// Who pays through this channel? The platform (occupational injury, commercial cover) costs the
// worker nothing; every other channel has a personal share that the estimate gives.
bool worker_pays(const SchemeResult& s) { return !s.channel || *s.channel != Channel::kPlatform; }

SummaryOption option_of(const SchemeResult& s) {
  SummaryOption o;
  o.scheme = &s;
  o.cost = own_cost(s);
  if (!o.cost && worker_pays(s) && s.channel) {
    o.cost_known = false;  // the worker pays, but the estimate was withheld
  }
  return o;
}

bool is_alternative(const SchemeResult& a, const SchemeResult& b) {
  return std::find(a.alternatives.begin(), a.alternatives.end(), b.id) != a.alternatives.end();
}

}  // namespace

std::optional<ActionCost> own_cost(const SchemeResult& s) {
  if (!s.contribution || !s.contribution->annual) return std::nullopt;
  ActionCost c;
  c.annual = s.contribution->annual->personal;
  if (s.contribution->monthly) c.monthly = s.contribution->monthly->personal;
  return c;
}

std::vector<std::string_view> open_alternatives(const EvalResult& r, const SchemeResult& s) {
  std::vector<std::string_view> out;
  for (const std::string& id : s.alternatives) {
    const auto it = std::find_if(r.schemes.begin(), r.schemes.end(), [&](const SchemeResult& x) { return x.id == id; });
    const bool closed = it != r.schemes.end() && it->determined &&
                        (it->status == Status::kNotEligible || it->status == Status::kNotAvailable);
    if (!closed) out.push_back(id);
  }
  return out;
}

Summary summarize(const EvalResult& r) {
  Summary sum;
  const std::size_t n = r.schemes.size();
  // Schemes with advice, grouped by "are each other's alternatives".
  std::array<int, 16> group{};
  group.fill(-1);
  int groups = 0;
  for (std::size_t i = 0; i < n && i < group.size(); ++i) {
    if (!r.schemes[i].advice) continue;
    if (group[i] < 0) group[i] = groups++;
    for (std::size_t j = i + 1; j < n && j < group.size(); ++j) {
      if (!r.schemes[j].advice) continue;
      // A choice only where each names the other: "look at commercial cover instead" (one way) is
      // not "pick one of the two".
      if (!is_alternative(r.schemes[i], r.schemes[j]) || !is_alternative(r.schemes[j], r.schemes[i])) continue;
      if (group[j] < 0) {
        group[j] = group[i];
      } else if (group[j] != group[i]) {  // join two groups
        const int from = group[j];
        for (auto& g : group)
          if (g == from) g = group[i];
      }
    }
  }
  for (int g = 0; g < groups; ++g) {
    SummaryAction a;
    bool first = true;
    for (std::size_t i = 0; i < n && i < group.size(); ++i) {
      if (group[i] != g) continue;
      const SchemeResult& s = r.schemes[i];
      const int p = s.status == Status::kMandatory ? -1 : s.advice->priority;
      a.priority = first ? p : std::min(a.priority, p);
      first = false;
      a.options.push_back(option_of(s));
    }
    if (a.options.empty()) continue;
    std::stable_sort(a.options.begin(), a.options.end(), [](const SummaryOption& x, const SummaryOption& y) {
      return x.scheme->advice->priority < y.scheme->advice->priority;
    });
    if (a.options.size() > 1) a.kind = ActionKind::kChooseOne;
    else if (!a.options.front().scheme->determined) a.kind = ActionKind::kCheck;
    sum.actions.push_back(std::move(a));
  }
  std::stable_sort(sum.actions.begin(), sum.actions.end(),
                   [](const SummaryAction& x, const SummaryAction& y) { return x.priority < y.priority; });

  // The total: every single action, the cheapest known side of each choice.
  Money annual;
  for (const SummaryAction& a : sum.actions) {
    const SummaryOption* cheapest = nullptr;
    for (const SummaryOption& o : a.options) {
      if (!o.cost_known) sum.complete = false;
      if (!o.cost) continue;
      if (cheapest == nullptr || o.cost->annual < cheapest->cost->annual) cheapest = &o;
    }
    if (a.kind == ActionKind::kChooseOne) sum.at_least = true;
    if (cheapest != nullptr) annual = annual + cheapest->cost->annual;
    for (const SummaryOption& o : a.options) {
      if (!o.scheme->advice->deadline.empty()) sum.deadlines.push_back(o.scheme);
      for (const Text& b : o.scheme->advice->bring) {
        const TextView v = TextView::of(b);
        if (std::find(sum.bring.begin(), sum.bring.end(), v) == sum.bring.end()) sum.bring.push_back(v);
      }
    }
  }
  sum.annual = annual;
  sum.monthly = Money::from_fen((annual.fen() + 6) / 12);  // a twelfth, half up (amounts are >= 0)

  // The one answer that settles the most open schemes: the need most of them share (ties: the
  // earlier field in PROFILE.md order, as `needs` lists them).
  std::size_t best = 0;
  for (const std::string_view path : r.needs) {
    std::vector<std::string_view> ids;
    for (const SchemeResult& s : r.schemes)
      if (!s.determined && std::find(s.needs.begin(), s.needs.end(), path) != s.needs.end()) ids.push_back(s.id);
    if (ids.size() > best) {
      best = ids.size();
      sum.settle = path;
      sum.settles = std::move(ids);
    }
  }
  return sum;
}

}  // namespace shebao
