// `shebao audit show|verify|purge FILE`: read, re-check and trim the audit log
// (adapters/store/audit_store.h). The audit key (--audit-key-file, default FILE.key) keys the
// profile digests and the hash chain.
#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <iostream>
#include <memory>

#include "commands.h"
#include "common.h"
#include "shebao/store/audit_store.h"
#include "shebao/store/audit_verify.h"

namespace shebao::cli {

namespace {

struct AuditArgs {
  std::string file;
  std::int64_t limit = -1;
  bool json = false;
  bool full = false;
  std::string policies;
  std::string key_file;
  std::string profile;  // show: only the records of this profile (keyed lookup)
  std::string before;   // purge
};

// YYYY-MM-DD (a real date) or a UTC ISO 8601 time as the records carry it.
bool valid_before(const std::string& s) {
  if (s.size() == 10) return Date::parse(s).has_value();
  return s.size() == 24 && s[10] == 'T' && s.back() == 'Z' && Date::parse(s.substr(0, 10)).has_value();
}

std::string short_digest(const std::string& d) {
  // "sha256:" + 12 hex digits is enough to tell sets apart on screen.
  return d.size() > 19 ? d.substr(0, 19) + "…" : d;
}

// "pension.employee eligible · medical.resident eligible · …" or "errors: person.birth invalid_date".
std::string result_summary(const store::AuditRecord& r) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(r.result, ec);
  if (ec || !v.is_object()) return "(result is not JSON)";
  std::string out;
  const auto& o = v.get_object();
  if (const auto* errors = o.if_contains("errors"); errors && errors->is_array()) {
    out = "errors:";
    for (const auto& e : errors->get_array()) {
      if (!e.is_object()) continue;
      const auto* path = e.get_object().if_contains("path");
      const auto* code = e.get_object().if_contains("code");
      out += " ";
      out += path && path->is_string() ? std::string(path->get_string()) : "?";
      if (code && code->is_string()) out += " " + std::string(code->get_string());
      out += ";";
    }
    if (!out.empty() && out.back() == ';') out.pop_back();
    return out;
  }
  if (const auto* schemes = o.if_contains("schemes"); schemes && schemes->is_array()) {
    for (const auto& s : schemes->get_array()) {
      if (!s.is_object()) continue;
      const auto* id = s.get_object().if_contains("id");
      const auto* status = s.get_object().if_contains("status");
      if (!id || !status || !id->is_string() || !status->is_string()) continue;
      if (!out.empty()) out += " · ";
      out += std::string(id->get_string()) + " " + std::string(status->get_string());
    }
  }
  return out;
}

int run_audit_show(const AuditArgs& a) {
  try {
    store::AuditStore db(a.file, store::AuditStore::Mode::kOpenExisting, a.key_file);
    const std::int64_t total = db.count();
    if (!a.json) {
      std::cout << a.file << ": " << total << " records (schema v" << db.schema_version() << ")";
      if (a.limit >= 0 && a.limit < total) std::cout << ", the last " << a.limit << " shown";
      std::cout << '\n';
    }
    store::AuditQuery q;
    q.limit = a.limit;
    q.with_profile = a.full;
    if (!a.profile.empty()) {
      std::string text, error;
      if (!read_input(a.profile, text, error)) {
        std::cerr << "--profile: " << error << '\n';
        return kUsage;
      }
      q.profile_hmac = db.profile_digest(text);
    }
    db.scan(q, [&](const store::StoredAuditRecord& s) {
      const store::AuditRecord& r = s.record;
      if (a.json) {
        boost::json::object o;
        o["id"] = s.id;
        o["time"] = r.time;
        o["channel"] = r.channel;
        if (!r.source.empty()) o["source"] = r.source;
        if (r.line) o["line"] = *r.line;
        o["policy_digest"] = r.policy_digest;
        o["as_of"] = r.as_of;
        o["as_of_fixed"] = r.as_of_fixed;
        o["lang"] = r.lang;
        o["explain"] = r.explain;
        o["ok"] = r.ok;
        if (!r.profile_sha256.empty()) o["profile_sha256"] = r.profile_sha256;
        if (!r.profile_hmac.empty()) o["profile_hmac"] = r.profile_hmac;
        o["chained"] = s.chained;
        o["profile_format"] = r.profile_format;
        o["profile_stored"] = r.profile.has_value();
        if (a.full && r.profile) o["profile"] = *r.profile;
        boost::system::error_code ec;
        boost::json::value res = boost::json::parse(r.result, ec);
        if (ec)
          o["result"] = r.result;
        else
          o["result"] = std::move(res);
        std::cout << boost::json::serialize(o) << '\n';
      } else {
        std::cout << "#" << s.id << "  " << r.time << "  " << r.channel;
        if (r.line) std::cout << " line " << *r.line;
        std::cout << "  as_of " << r.as_of << (r.as_of_fixed ? " (fixed)" : "") << "  policies "
                  << short_digest(r.policy_digest) << "  profile "
                  << (r.profile_hmac.empty() ? r.profile_sha256 : r.profile_hmac).substr(0, 12) << "…"
                  << (r.profile ? " (stored)" : "") << "  " << (r.ok ? "ok" : "rejected") << '\n';
        std::cout << "    " << result_summary(r) << '\n';
        if (a.full && r.profile) {
          std::cout << "    profile (" << r.profile_format << "):\n";
          std::string text = *r.profile;
          std::size_t start = 0;
          while (start <= text.size()) {
            const std::size_t nl = text.find('\n', start);
            const std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
            if (!line.empty() || nl != std::string::npos) std::cout << "      " << line << '\n';
            if (nl == std::string::npos) break;
            start = nl + 1;
          }
        }
      }
      return true;
    });
  } catch (const store::StoreError& e) {
    std::cerr << "shebao audit: " << e.what() << '\n';
    return kFailure;
  }
  return kOk;
}

int run_audit_verify(const AuditArgs& a) {
  LoadedPolicies pol = load_or_report(policies_dir(a.policies), Lang::kZh);
  if (!pol.set) return kBadPolicy;
  try {
    store::AuditStore db(a.file, store::AuditStore::Mode::kOpenExisting, a.key_file);
    std::int64_t shown = 0;
    store::VerifyReport rep = store::verify_audit(db, *pol.set, [&](const store::VerifyFinding& f) {
      ++shown;
      std::cout << "record " << f.id << ": ";
      if (f.kind == "result")
        std::cout << "the answer differs at " << f.path << ": recorded " << f.recorded << ", now " << f.now;
      else
        std::cout << f.message;
      std::cout << " (recorded with " << short_digest(f.recorded_digest) << ")\n";
    });
    std::cout << a.file << ": " << rep.records << " records; integrity_check: ";
    if (rep.integrity_ok()) {
      std::cout << "ok\n";
    } else {
      std::cout << "FAILED\n";
      for (const auto& m : rep.integrity) std::cout << "  " << m << '\n';
    }
    std::cout << "hash chain: " << rep.chain.chained << " chained records";
    if (rep.chain.unchained)
      std::cout << ", " << rep.chain.unchained << " unchained (written before audit schema v2, not covered)";
    if (rep.chain.checkpoints)
      std::cout << ", " << rep.chain.checkpoints << " purge checkpoints (" << rep.chain.purged << " records purged)";
    std::cout << "; " << (rep.chain.findings.empty() ? "intact" : std::to_string(rep.chain.findings.size()) + " breaks")
              << '\n';
    std::cout << "current policy set: " << rep.current_digest << '\n';
    for (const auto& [digest, n] : rep.digests)
      std::cout << "  " << n << " records answered by " << digest
                << (digest == rep.current_digest ? " (the current set)" : " (NOT the current set)") << '\n';
    std::cout << "re-evaluated " << rep.reevaluated << " records that kept their profile: " << rep.matched
              << " match, " << (rep.reevaluated - rep.matched) << " differ";
    if (rep.without_profile)
      std::cout << "; " << rep.without_profile
                << " kept no profile (recorded without --audit-full) and cannot be re-evaluated";
    std::cout << '\n';
    if (rep.other_digest_reevaluated > 0) {
      std::cout << "the current policy set differs from the one that answered " << rep.other_digest_reevaluated
                << " of the re-evaluated records; ";
      if (rep.other_digest_differ == 0)
        std::cout << "their answers are the same now\n";
      else
        std::cout << rep.other_digest_differ << " of them give a different answer now\n";
    }
    std::cout << (rep.ok() ? "verify: ok" : "verify: FAILED") << '\n';
    return rep.ok() ? kOk : kFailure;
  } catch (const store::StoreError& e) {
    std::cerr << "shebao audit: " << e.what() << '\n';
    return kFailure;
  }
}

int run_audit_purge(const AuditArgs& a) {
  if (!valid_before(a.before)) {
    std::cerr << "--before: '" << a.before << "' is not a date (YYYY-MM-DD) or a UTC time (2026-11-28T03:04:05.123Z)\n";
    return kUsage;
  }
  try {
    store::AuditStore db(a.file, store::AuditStore::Mode::kOpenExisting, a.key_file);
    store::PurgeResult r = db.purge_before(a.before);
    if (r.removed == 0) {
      std::cout << a.file << ": no record before " << a.before << '\n';
    } else {
      std::cout << a.file << ": removed " << r.removed << " records (through #" << r.last_id << ") before " << a.before
                << "; a checkpoint keeps the chain verifiable"
                << (r.reclaimed ? "; space reclaimed" : "; space NOT reclaimed yet (the file is in use)") << '\n';
    }
    return kOk;
  } catch (const store::StoreError& e) {
    std::cerr << "shebao audit: " << e.what() << '\n';
    return kFailure;
  }
}

const RegisterCommand kAudit{
    "audit", "审计日志 / the audit log: show records, verify them (hash chain and answers), purge old ones",
    [](CLI::App& sub) {
      auto a = std::make_shared<AuditArgs>();
      sub.require_subcommand(1);
      CLI::App* show = sub.add_subcommand("show", "list the records (never the profiles, unless --full)");
      show->add_option("file", a->file, "audit log (SQLite)")->required();
      show->add_option("--limit", a->limit, "only the last N records")->check(CLI::NonNegativeNumber);
      show->add_flag("--json", a->json, "one JSON object per record");
      show->add_flag("--full", a->full, "include the stored profiles");
      show->add_option("--profile", a->profile, "only the records of this profile file (matched by its keyed digest)");
      show->add_option("--audit-key-file", a->key_file, "the audit key (default: FILE.key; created 0600 if absent)");
      CLI::App* verify = sub.add_subcommand(
          "verify", "re-evaluate every record that kept its profile and report each difference; exit 1 if any");
      verify->add_option("file", a->file, "audit log (SQLite)")->required();
      verify->add_option("--policies", a->policies, "folder of policy packs (default: the bundled ones)");
      verify->add_option("--audit-key-file", a->key_file, "the audit key (default: FILE.key)");
      CLI::App* purge = sub.add_subcommand(
          "purge", "remove the records older than a date (and their profiles), keep the chain verifiable, reclaim the space");
      purge->add_option("file", a->file, "audit log (SQLite)")->required();
      purge->add_option("--before", a->before, "remove the records answered before this date (YYYY-MM-DD, UTC)")->required();
      purge->add_option("--audit-key-file", a->key_file, "the audit key (default: FILE.key)");
      return [a, show, verify, purge]() -> int {
        if (*show) return run_audit_show(*a);
        if (*verify) return run_audit_verify(*a);
        if (*purge) return run_audit_purge(*a);
        return kUsage;
      };
    }};

}  // namespace

}  // namespace shebao::cli
