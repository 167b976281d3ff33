// The C API (shebao.h) over the service facade. Every exported function is a firewall: it checks
// its arguments, catches every exception (std::bad_alloc -> SHEBAO_OUT_OF_MEMORY, anything else ->
// SHEBAO_INTERNAL_ERROR) and hands strings out as malloc'ed copies released by shebao_free().
#include "shebao.h"

#include <boost/json.hpp>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <initializer_list>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "shebao/core/date.h"
#include "shebao/eval/evaluator.h"
#include "shebao/json/result_json.h"
#include "shebao/policy/policy_set.h"
#include "shebao/service/install_paths.h"
#include "shebao/service/service.h"

#ifndef SHEBAO_VERSION
#error "SHEBAO_VERSION must be defined by the build"
#endif

// The opaque handle. Immutable after shebao_open, hence safe to share across threads.
struct shebao_engine {
  std::shared_ptr<const shebao::PolicySet> set;
  std::string digest;
};

namespace {

using shebao::Date;
using shebao::Lang;

// Largest profile or options text accepted (the CLI's limit too).
constexpr std::size_t kMaxInput = 16u << 20;

// A failure with its status and message, thrown inside a call and turned into the return value
// at the boundary.
struct Failure {
  shebao_status status;
  std::string message;
};

[[noreturn]] void fail(shebao_status status, std::string message) {
  throw Failure{status, std::move(message)};
}

// Refuses the first argument of `fn` that is NULL, by its name: "shebao_evaluate: profile is NULL".
void require_args(std::string_view fn, std::initializer_list<std::pair<const void*, std::string_view>> args) {
  for (const auto& [pointer, name] : args)
    if (!pointer) fail(SHEBAO_INVALID_ARGUMENT, std::string(fn) + ": " + std::string(name) + " is NULL");
}

// A malloc'ed copy of `s` (NUL-terminated), or nullptr when malloc fails.
char* dup_nothrow(std::string_view s) noexcept {
  char* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (!p) return nullptr;
  if (!s.empty()) std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

char* dup(std::string_view s) {
  char* p = dup_nothrow(s);
  if (!p) throw std::bad_alloc();
  return p;
}

// Clears every non-null out parameter on entry.
template <class... Outs>
void clear(Outs... outs) noexcept {
  ((outs ? (void)(*outs = nullptr) : (void)0), ...);
}

// Publishes a result string and (optionally) an error message together: either both are handed
// out or neither (and std::bad_alloc is thrown).
void publish(char** out, std::string_view value, char** out_error = nullptr,
             std::string_view error = {}) {
  char* v = dup(value);
  char* e = nullptr;
  if (out_error) {
    e = dup_nothrow(error);
    if (!e) {
      std::free(v);
      throw std::bad_alloc();
    }
  }
  *out = v;
  if (out_error) *out_error = e;
}

// Sets *out_error to `message` when possible; never throws.
void set_error(char** out_error, std::string_view message) noexcept {
  if (out_error) *out_error = dup_nothrow(message);
}

// Runs `body` behind the exception firewall. `outs` are the out parameters to clear again on
// failure (their strings are freed, since a failure may come after one was published).
template <class Body, class... Outs>
shebao_status guarded(char** out_error, Body&& body, Outs... outs) noexcept {
  auto reset = [&]() noexcept {
    ((outs && *outs ? (std::free(*outs), (void)(*outs = nullptr)) : (void)0), ...);
  };
  try {
    return body();
  } catch (const Failure& f) {
    // A Failure is only thrown before anything is published; its string copy may still fail.
    set_error(out_error, f.message);
    return f.status;
  } catch (const std::bad_alloc&) {
    reset();
    set_error(out_error, "out of memory");
    return SHEBAO_OUT_OF_MEMORY;
  } catch (const std::exception& e) {
    reset();
    // Building the message may itself fail; the status still gets through.
    try {
      set_error(out_error, std::string("internal error: ") + e.what());
    } catch (...) {
      set_error(out_error, "internal error");
    }
    return SHEBAO_INTERNAL_ERROR;
  } catch (...) {
    reset();
    set_error(out_error, "internal error: unknown exception");
    return SHEBAO_INTERNAL_ERROR;
  }
}

std::string_view checked_text(const char* text, const char* what) {
  const std::size_t n = strnlen(text, kMaxInput + 1);
  if (n > kMaxInput) fail(SHEBAO_INVALID_ARGUMENT, std::string(what) + " is larger than 16 MiB");
  return {text, n};
}

// {"lang","explain","as_of","pretty"} -> the request (today filled by the caller).
shebao::EvalRequest parse_options(const char* options_json) {
  shebao::EvalRequest req;
  if (!options_json) return req;
  std::string_view text = checked_text(options_json, "options_json");
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return req;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec) fail(SHEBAO_INVALID_ARGUMENT, "options_json: not valid JSON: " + ec.message());
  if (!v.is_object()) fail(SHEBAO_INVALID_ARGUMENT, "options_json: expected a JSON object");
  for (const auto& [key, value] : v.as_object()) {
    const std::string k(key);
    if (k == "lang") {
      std::optional<Lang> lang;
      if (value.is_string()) lang = shebao::parse_lang(std::string_view(value.as_string()));
      if (!lang) fail(SHEBAO_INVALID_ARGUMENT, "options_json: lang must be \"zh\" or \"en\"");
      req.lang = *lang;
    } else if (k == "explain" || k == "pretty") {
      if (!value.is_bool()) fail(SHEBAO_INVALID_ARGUMENT, "options_json: " + k + " must be true or false");
      (k == "explain" ? req.explain : req.pretty) = value.as_bool();
    } else if (k == "as_of") {
      std::optional<Date> d;
      if (value.is_string()) d = Date::parse(std::string_view(value.as_string()));
      if (!d) fail(SHEBAO_INVALID_ARGUMENT, "options_json: as_of must be a date \"YYYY-MM-DD\"");
      req.as_of = d;
    } else {
      fail(SHEBAO_INVALID_ARGUMENT,
           "options_json: unknown key '" + k + "' (allowed: lang, explain, as_of, pretty)");
    }
  }
  return req;
}

std::string field_errors_text(const std::vector<shebao::FieldError>& errors, Lang lang) {
  std::string out;
  for (const auto& e : errors) {
    if (!out.empty()) out += '\n';
    out += shebao::where_and_message(e, lang);
  }
  return out;
}

}  // namespace

extern "C" {

SHEBAO_API shebao_status shebao_open(const char* policies_dir, shebao_engine** out_engine,
                                     char** out_error) {
  clear(out_engine, out_error);
  return guarded(out_error, [&]() -> shebao_status {
    require_args("shebao_open", {{out_engine, "out_engine"}});
    std::string dir = policies_dir ? policies_dir : "";
    if (dir.empty()) {  // the bundled packs, then the installed overlay folder
      dir = shebao::bundled_paths().policies;
      if (dir.empty()) fail(SHEBAO_IO_ERROR, "shebao_open: no bundled policy packs were found (give a folder)");
      if (std::string overlay = shebao::default_policy_overlay(); !overlay.empty()) dir += ":" + overlay;
    }
    shebao::LoadedPolicies pol = shebao::load_policies(dir);
    if (!pol.set) {
      if (pol.diagnostics.empty())
        fail(SHEBAO_INTERNAL_ERROR, "the policy packs could not be compiled (no diagnostic)");
      bool only_io = true;
      std::string lines;
      for (const auto& d : pol.diagnostics.items) {
        if (d.code != "io") only_io = false;
        if (!lines.empty()) lines += '\n';
        lines += d.to_string();
      }
      fail(only_io ? SHEBAO_IO_ERROR : SHEBAO_INVALID_POLICY, std::move(lines));
    }
    auto engine = std::make_unique<shebao_engine>();
    engine->digest = shebao::policy_digest(*pol.set);
    engine->set = std::move(pol.set);
    *out_engine = engine.release();
    return SHEBAO_OK;
  });
}

SHEBAO_API shebao_status shebao_evaluate_ex(shebao_engine* engine, const char* profile,
                                            const char* options_json, char** out_result_json,
                                            char** out_error) {
  clear(out_result_json, out_error);
  return guarded(
      out_error,
      [&]() -> shebao_status {
        require_args("shebao_evaluate", {{engine, "engine"}, {profile, "profile"}, {out_result_json, "out_result_json"}});
        std::string_view text = checked_text(profile, "profile");
        shebao::EvalRequest req = parse_options(options_json);
        req.today = shebao::today_cst();
        shebao::JsonAnswer a = shebao::evaluate_to_json(*engine->set, text, req);
        if (!a.ok) {
          publish(out_result_json, a.json, out_error, field_errors_text(a.errors, req.lang));
          return SHEBAO_INVALID_PROFILE;
        }
        publish(out_result_json, a.json);
        return SHEBAO_OK;
      },
      out_result_json);
}

SHEBAO_API shebao_status shebao_evaluate(shebao_engine* engine, const char* profile_json,
                                         char** out_result_json, char** out_error) {
  return shebao_evaluate_ex(engine, profile_json, nullptr, out_result_json, out_error);
}

SHEBAO_API shebao_status shebao_retirement(shebao_engine* engine, const char* birth_ym,
                                           const char* sex, int original_age, char** out_json,
                                           char** out_error) {
  clear(out_json, out_error);
  return guarded(
      out_error,
      [&]() -> shebao_status {
        require_args("shebao_retirement",
                     {{engine, "engine"}, {birth_ym, "birth_ym"}, {sex, "sex"}, {out_json, "out_json"}});
        const std::string_view birth_text = checked_text(birth_ym, "birth_ym");
        auto birth = shebao::YearMonth::parse(birth_text);
        if (!birth)
          fail(SHEBAO_INVALID_ARGUMENT,
               "shebao_retirement: birth_ym '" + std::string(birth_text) + "' is not a month YYYY-MM");
        const std::string_view s = checked_text(sex, "sex");
        if (s != "male" && s != "female")
          fail(SHEBAO_INVALID_ARGUMENT, "shebao_retirement: sex must be \"male\" or \"female\"");
        const bool female = s == "female";
        int age = original_age;
        if (!female) {
          if (age != 0 && age != 60)
            fail(SHEBAO_INVALID_ARGUMENT,
                 "shebao_retirement: men's original retirement age is 60 (pass 60 or 0)");
          age = 60;
        } else if (age != 50 && age != 55) {
          fail(SHEBAO_INVALID_ARGUMENT,
               "shebao_retirement: original_age for women must be 50 (worker posts) or 55 (cadre "
               "posts; flexible employees)");
        }
        const shebao::RetirementRules& rules = shebao::retirement_rules(*engine->set);
        const shebao::RetirementCategory* cat = shebao::retirement_category(rules, female, age);
        if (!cat) fail(SHEBAO_INTERNAL_ERROR, "no retirement category for this person");
        shebao::RetirementAnswer ans = shebao::compute_retirement(rules, *cat, *birth);
        publish(out_json, shebao::retirement_to_json(ans, s));
        return SHEBAO_OK;
      },
      out_json);
}

SHEBAO_API const char* shebao_version(void) { return SHEBAO_VERSION; }

SHEBAO_API const char* shebao_policy_digest(const shebao_engine* engine) {
  return engine ? engine->digest.c_str() : nullptr;
}

SHEBAO_API const char* shebao_status_message(shebao_status status) {
  switch (status) {
    case SHEBAO_OK: return "ok";
    case SHEBAO_INVALID_ARGUMENT: return "invalid argument";
    case SHEBAO_INVALID_PROFILE: return "invalid profile";
    case SHEBAO_INVALID_POLICY: return "invalid policy packs";
    case SHEBAO_IO_ERROR: return "input/output error";
    case SHEBAO_OUT_OF_MEMORY: return "out of memory";
    case SHEBAO_INTERNAL_ERROR: return "internal error";
  }
  return "unknown status";
}

SHEBAO_API void shebao_free(void* ptr) { std::free(ptr); }

SHEBAO_API void shebao_close(shebao_engine* engine) {
  // Destroying the engine only releases memory; nothing here throws.
  delete engine;
}

}  // extern "C"
