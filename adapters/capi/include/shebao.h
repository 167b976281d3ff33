/*
 * shebao.h — the C API of the shebao rules engine.
 *
 * shebao tells gig workers in China which social-insurance schemes they can join, what joining
 * would cost and what happens to their contributions when they move. This header lets any
 * language with a C FFI embed the engine: it loads a folder of policy packs once, then evaluates
 * worker profiles (PROFILE.md, as JSON or YAML text) into RESULT.md JSON.
 *
 * Conventions (after DuckDB's duckdb.h and fmt's fmt-c.h):
 *   - Every fallible function returns a shebao_status; SHEBAO_OK is 0, everything else a failure.
 *   - Results come back through `out_` parameters. On entry each non-NULL `out_` pointer is set
 *     to NULL, so on failure it is NULL unless documented otherwise.
 *   - Strings are UTF-8 and NUL-terminated. Every `char*` the library hands out through an `out_`
 *     parameter is allocated by the library and must be released with shebao_free().
 *   - `out_error` may be NULL when the caller does not want the message; when it is not NULL and
 *     the call fails, *out_error receives a human-readable message (one problem per line, no
 *     trailing newline). On success *out_error stays NULL.
 *   - A NULL argument where one is required gives SHEBAO_INVALID_ARGUMENT with a message.
 *   - No C++ exception ever crosses this boundary: every function catches everything. Running out
 *     of memory gives SHEBAO_OUT_OF_MEMORY (and, when even the message cannot be allocated,
 *     *out_error stays NULL).
 *
 * Thread safety: an engine is immutable once opened. One shebao_engine may be used by any number
 * of threads at once for shebao_evaluate, shebao_evaluate_ex, shebao_retirement and
 * shebao_policy_digest, without locking. Only shebao_close must not race with other calls on the
 * same engine. Functions that take no engine are thread-safe.
 *
 * Minimal use:
 *
 *   shebao_engine* engine = NULL;
 *   char* err = NULL;
 *   if (shebao_open(NULL, &engine, &err) != SHEBAO_OK) {   // NULL: the bundled packs
 *     fprintf(stderr, "%s\n", err);
 *     shebao_free(err);
 *     return 1;
 *   }
 *   char* result = NULL;
 *   shebao_status st = shebao_evaluate(engine, profile_json, &result, &err);
 *   if (st == SHEBAO_OK) puts(result);                       // RESULT.md object
 *   else if (st == SHEBAO_INVALID_PROFILE) puts(result);     // {"errors":[...]}
 *   shebao_free(result);
 *   shebao_free(err);
 *   shebao_close(engine);
 *
 * This header is plain C99 and may also be included from C++.
 */
#ifndef SHEBAO_H_
#define SHEBAO_H_

#if defined(_WIN32)
#  if defined(SHEBAO_BUILDING_CAPI)
#    define SHEBAO_API __declspec(dllexport)
#  else
#    define SHEBAO_API
#  endif
#elif defined(__GNUC__) || defined(__clang__)
#  define SHEBAO_API __attribute__((visibility("default")))
#else
#  define SHEBAO_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* An opened engine: an immutable, compiled set of policy packs. Opaque. */
typedef struct shebao_engine shebao_engine;

/* The outcome of a call. SHEBAO_OK is 0; the numeric values are stable. */
typedef enum shebao_status {
  SHEBAO_OK = 0,
  SHEBAO_INVALID_ARGUMENT, /* NULL where a value is required, bad options, bad month/sex/age */
  SHEBAO_INVALID_PROFILE,  /* the profile does not follow PROFILE.md (see the errors JSON) */
  SHEBAO_INVALID_POLICY,   /* the policy packs have errors (every diagnostic in out_error) */
  SHEBAO_IO_ERROR,         /* the policies folder (or a file in it) cannot be read */
  SHEBAO_OUT_OF_MEMORY,    /* an allocation failed */
  SHEBAO_INTERNAL_ERROR    /* a bug: anything else that went wrong inside the library */
} shebao_status;

/*
 * Opens an engine on a folder of policy packs (the folder that holds `cn/`, `cn-530000/`, ...).
 * Reads and compiles every pack; this is the only call that touches the file system.
 * policies_dir NULL (or "") opens the bundled packs: share/shebao/policies beside the installed
 * library (or the install prefix compiled in; the source tree's policies/ in a build tree), then
 * the overlay folder /etc/shebao/policies when present (its packs replace those of the same id).
 * policies_dir may also list folders separated by ':' (packs, then overlays, in that order).
 *
 * On success *out_engine is the engine, to release with shebao_close().
 * On failure *out_engine is NULL and *out_error (when out_error is not NULL) holds every
 * diagnostic, one per line, as `file:line:column: message [code]`.
 * Returns SHEBAO_IO_ERROR when the folder or a file cannot be read (and nothing else is wrong),
 * SHEBAO_INVALID_POLICY when the packs have errors, SHEBAO_INVALID_ARGUMENT when out_engine is
 * NULL, SHEBAO_IO_ERROR when policies_dir is NULL and no bundled packs are found.
 */
SHEBAO_API shebao_status shebao_open(const char* policies_dir, shebao_engine** out_engine,
                                     char** out_error);

/*
 * Evaluates one profile (PROFILE.md) given as JSON text (first non-blank character '{') or YAML
 * text, with the default options: Chinese text, no trace, compact JSON. The profile's `as_of`
 * is used when present, otherwise today's date in China (UTC+8).
 *
 * SHEBAO_OK: *out_result_json is the RESULT.md object.
 * SHEBAO_INVALID_PROFILE: *out_result_json is {"errors":[{"path":"person.birth","code":"...",
 *   "message":"..."}, ...]} (every problem, each naming the field path) and *out_error lists
 *   them one per line as `path: message`.
 * Same as shebao_evaluate_ex(engine, profile_json, NULL, out_result_json, out_error).
 */
SHEBAO_API shebao_status shebao_evaluate(shebao_engine* engine, const char* profile_json,
                                         char** out_result_json, char** out_error);

/*
 * Like shebao_evaluate, with options given as a JSON object (NULL or "" for the defaults):
 *   {"lang": "zh" | "en",        text fields in Chinese (default) or English
 *    "explain": true | false,    add the `trace` array (default false)
 *    "as_of": "YYYY-MM-DD",      evaluate at this date, overriding the profile's as_of
 *    "pretty": true | false}     2-space indented JSON (default false: compact)
 * Unknown keys, wrong types and invalid values give SHEBAO_INVALID_ARGUMENT.
 */
SHEBAO_API shebao_status shebao_evaluate_ex(shebao_engine* engine, const char* profile,
                                            const char* options_json, char** out_result_json,
                                            char** out_error);

/*
 * The statutory retirement age under the 2024 reform, as the JSON of
 * `shebao retirement --format json` (INTERFACES.md), e.g. for ("1975-03", "female", 50):
 *   {"birth":"1975-03","sex":"female","original_age":{"years":50,"months":0},"delay_months":2,
 *    "age":{"years":50,"months":2},"date":"2025-05","min_contribution_years":{"years":15,
 *    "months":0},"flexible":{"earliest":"2025-03","latest":"2028-05"}}
 * birth_ym is "YYYY-MM"; sex is "male" or "female"; original_age is 50 or 55 for women (worker or
 * cadre posts) and 60 (or 0) for men. Anything else gives SHEBAO_INVALID_ARGUMENT.
 */
SHEBAO_API shebao_status shebao_retirement(shebao_engine* engine, const char* birth_ym,
                                           const char* sex, int original_age, char** out_json,
                                           char** out_error);

/* The library version, e.g. "0.1.0". Static storage; never NULL. */
SHEBAO_API const char* shebao_version(void);

/*
 * The content digest of the engine's policy set ("sha256:..."), the same as
 * RESULT.md's policy_set.digest. Owned by the engine: valid until shebao_close(engine); do not
 * free it. NULL when engine is NULL.
 */
SHEBAO_API const char* shebao_policy_digest(const shebao_engine* engine);

/* A short English description of a status. Static storage; never NULL. */
SHEBAO_API const char* shebao_status_message(shebao_status status);

/* Releases a string returned by this library. NULL is allowed and does nothing. */
SHEBAO_API void shebao_free(void* ptr);

/* Releases an engine. NULL is allowed and does nothing. */
SHEBAO_API void shebao_close(shebao_engine* engine);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* SHEBAO_H_ */
