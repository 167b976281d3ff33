#include "run_state.h"

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <random>

namespace shebao::batch::detail {

namespace {
constexpr int kStateVersion = 1;

std::string opt_string(const boost::json::object& o, std::string_view key, std::string_view dflt) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string(dflt);
}
}  // namespace

std::string RunState::to_json() const {
  boost::json::object o;
  o["shebao_batch_state"] = kStateVersion;
  o["input"] = {{"format", input_format}, {"size", size}, {"mtime_ns", mtime_ns}, {"head_sha256", head_sha256},
                {"encoding", encoding}};
  o["policy_digest"] = policy_digest;
  o["as_of"] = as_of;
  o["today"] = today;
  o["lang"] = lang;
  o["output"] = output;
  o["compare"] = compare;
  o["run_id"] = run_id;
  return boost::json::serialize(o) + "\n";
}

std::optional<RunState> RunState::from_json(std::string_view text) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  try {
    const auto& o = v.as_object();
    if (o.at("shebao_batch_state").to_number<int>() != kStateVersion) return std::nullopt;
    RunState s;
    const auto& in = o.at("input").as_object();
    s.input_format = std::string(in.at("format").as_string());
    s.size = in.at("size").to_number<std::uint64_t>();
    s.mtime_ns = in.at("mtime_ns").to_number<std::int64_t>();
    s.head_sha256 = std::string(in.at("head_sha256").as_string());
    s.encoding = opt_string(in, "encoding", "utf-8");  // state files of earlier versions: UTF-8 only
    s.policy_digest = std::string(o.at("policy_digest").as_string());
    s.as_of = std::string(o.at("as_of").as_string());
    s.today = std::string(o.at("today").as_string());
    s.lang = std::string(o.at("lang").as_string());
    s.output = opt_string(o, "output", "");
    s.compare = opt_string(o, "compare", "");
    s.run_id = std::string(o.at("run_id").as_string());
    return s;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string RunState::mismatch(const RunState& now) const {
  if (input_format != now.input_format || size != now.size || mtime_ns != now.mtime_ns ||
      head_sha256 != now.head_sha256) {
    std::string why = "the input changed since the first run";
    if (size != now.size) why += " (size " + std::to_string(size) + " -> " + std::to_string(now.size) + " bytes)";
    else if (head_sha256 != now.head_sha256) why += " (its content differs)";
    else if (mtime_ns != now.mtime_ns) why += " (it was modified)";
    else why += " (format " + input_format + " -> " + now.input_format + ")";
    return why;
  }
  if (encoding != now.encoding) return "the input encoding differs from the first run's (" + encoding + " -> " + now.encoding + ")";
  if (policy_digest != now.policy_digest)
    return "the policy packs changed since the first run (" + policy_digest + " -> " + now.policy_digest + ")";
  if (as_of != now.as_of)
    return "--as-of differs from the first run's (" + (as_of.empty() ? std::string("none") : as_of) + " -> " +
           (now.as_of.empty() ? std::string("none") : now.as_of) + ")";
  if (lang != now.lang) return "--lang differs from the first run's (" + lang + " -> " + now.lang + ")";
  if (!output.empty() && output != now.output)
    return "the kind of output differs from the first run's (" + output + " -> " + now.output + ")";
  if (compare != now.compare)
    return "the comparison differs from the first run's (" + (compare.empty() ? std::string("none") : compare) +
           " -> " + (now.compare.empty() ? std::string("none") : now.compare) + ")";
  return {};
}

std::string new_run_id() {
  std::random_device rd;
  std::mt19937_64 g((static_cast<std::uint64_t>(rd()) << 32) ^ rd() ^
                    static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(g()));
  return buf;
}

}  // namespace shebao::batch::detail
