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
  // earlier field in PROFILE.md order, as `needs` lists them), counting a scheme only where some
  // value of the answer changes it.
  std::size_t best = 0;
  for (const std::string_view path : r.needs) {
    std::vector<std::string_view> ids;
    for (const SchemeResult& s : r.schemes) {
      if (s.determined) continue;
      const auto it = std::find(s.needs.begin(), s.needs.end(), path);
      if (it == s.needs.end()) continue;
      const auto i = static_cast<std::size_t>(it - s.needs.begin());
      if (i < 32 && (s.inert_needs >> i & 1u) != 0) continue;
      ids.push_back(s.id);
    }
    if (ids.size() > best) {
      best = ids.size();
      sum.settle = path;
      sum.settles = std::move(ids);
    }
  }
  return sum;
}

std::vector<FieldProbe> field_probes(FieldId f) {
  const FieldSpec& spec = field_spec(f);
  std::vector<FieldProbe> out;
  switch (spec.type) {
    case FieldType::kEnum:
      for (std::size_t i = 0; i < spec.enum_values.size(); ++i) out.push_back({static_cast<std::int64_t>(i), {}});
      break;
    case FieldType::kBool:
      out = {{0, {}}, {1, {}}};
      break;
    case FieldType::kString: {
      if (f != FieldId::kPlatform) break;
      // The ids the field's help names: "meituan（美团）" (the schema table is static).
      const std::string_view help = spec.help.zh;
      constexpr std::string_view kOpen = "（";
      const auto id_char = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; };
      for (auto p = help.find(kOpen); p != std::string_view::npos; p = help.find(kOpen, p + 1)) {
        std::size_t start = p;
        while (start > 0 && id_char(help[start - 1])) --start;
        if (start != p) out.push_back({0, help.substr(start, p - start)});
      }
      out.push_back({0, "other_platform"});  // one the packs do not name
      break;
    }
    case FieldType::kMoney:
      // Incomes in yuan: every 100 up to 3,000 (minimum wages), then coarser up to averages x 3.
      for (std::int64_t y = 0; y <= 3000; y += 100) out.push_back({y * 100, {}});
      for (std::int64_t y = 3500; y <= 10000; y += 500) out.push_back({y * 100, {}});
      for (std::int64_t y = 12000; y <= 40000; y += 2000) out.push_back({y * 100, {}});
      for (std::int64_t y : {60000, 100000, 1000000}) out.push_back({y * 100, {}});
      break;
    default:
      break;  // months, dates, ratios, regions
  }
  return out;
}

void set_probe(Profile& p, FieldId f, const FieldProbe& v) {
  p.at(f) = FieldValue{true, false, v.value};
  if (f == FieldId::kPlatform) p.set_platform(std::string(v.platform));
}

}  // namespace shebao
