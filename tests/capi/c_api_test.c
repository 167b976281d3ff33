/*
 * The C API from plain C (C11): open the bundled packs, evaluate the example profiles, invalid
 * profiles and packs, NULL arguments, options, retirement, concurrency and the NULL-safe frees.
 *
 * usage: c_api_test POLICIES_DIR EXAMPLE_PROFILE...
 * Prints one line per failed check and exits 1 when any failed.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "shebao.h"

static int g_failures = 0;
static int g_checks = 0;

#define CHECK(cond, ...)                                               \
  do {                                                                 \
    ++g_checks;                                                        \
    if (!(cond)) {                                                     \
      ++g_failures;                                                    \
      fprintf(stderr, "%s:%d: FAILED: %s: ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                                    \
      fputc('\n', stderr);                                             \
    }                                                                  \
  } while (0)

static const char* const kSchemes[9] = {
    "pension.employee",    "pension.resident",     "medical.employee",
    "medical.resident",    "injury.work",          "injury.occupational",
    "unemployment",        "commercial.accident",  "commercial.employer_liability"};

static const char* const kRetirement1975Female50 =
    "{\"birth\":\"1975-03\",\"sex\":\"female\",\"original_age\":{\"years\":50,\"months\":0},"
    "\"delay_months\":2,\"age\":{\"years\":50,\"months\":2},\"date\":\"2025-05\","
    "\"min_contribution_years\":{\"years\":15,\"months\":0},"
    "\"flexible\":{\"earliest\":\"2025-03\",\"latest\":\"2028-05\"}}";

static const char* str_or(const char* s) { return s ? s : "(null)"; }

static int contains(const char* haystack, const char* needle) {
  return haystack != NULL && strstr(haystack, needle) != NULL;
}

/* The whole file as a NUL-terminated string (malloc'ed), or NULL. */
static char* read_file(const char* path) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, len = 0;
  char* buf = malloc(cap);
  while (buf) {
    size_t n = fread(buf + len, 1, cap - len - 1, f);
    len += n;
    if (n == 0) break;
    if (cap - len - 1 == 0) {
      char* bigger = realloc(buf, cap * 2);
      if (!bigger) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = bigger;
      cap *= 2;
    }
  }
  fclose(f);
  if (buf) buf[len] = '\0';
  return buf;
}

static int write_file(const char* path, const char* text) {
  FILE* f = fopen(path, "wb");
  if (!f) return 0;
  int ok = fputs(text, f) >= 0;
  return fclose(f) == 0 && ok;
}

/* Every non-null out pointer is cleared on entry, so pre-set them to garbage to check it. */
static char* const kGarbage = (char*)"garbage";

/* ---- the example profiles ------------------------------------------------------------------ */
static void test_examples(shebao_engine* engine, int n, char** paths) {
  CHECK(n >= 3, "expected the example profiles on the command line, got %d", n);
  for (int i = 0; i < n; ++i) {
    char* profile = read_file(paths[i]);
    CHECK(profile != NULL, "cannot read %s", paths[i]);
    if (!profile) continue;
    char* result = kGarbage;
    char* err = kGarbage;
    shebao_status st = shebao_evaluate(engine, profile, &result, &err);
    CHECK(st == SHEBAO_OK, "%s: status %d (%s): %s", paths[i], (int)st, shebao_status_message(st),
          str_or(err));
    CHECK(err == NULL, "%s: out_error set on success", paths[i]);
    CHECK(result != NULL && result != kGarbage, "%s: no result", paths[i]);
    if (st == SHEBAO_OK && result) {
      for (int s = 0; s < 9; ++s) {
        char quoted[64];
        snprintf(quoted, sizeof quoted, "\"%s\"", kSchemes[s]);
        CHECK(contains(result, quoted), "%s: scheme %s missing", paths[i], kSchemes[s]);
      }
      CHECK(contains(result, "\"policy_set\""), "%s: no policy_set", paths[i]);
      CHECK(contains(result, shebao_policy_digest(engine)), "%s: digest %s not in the result",
            paths[i], shebao_policy_digest(engine));
      CHECK(result[0] == '{' && result[strlen(result) - 1] == '}', "%s: not a JSON object",
            paths[i]);
    }
    shebao_free(result == kGarbage ? NULL : result);
    shebao_free(err == kGarbage ? NULL : err);
    free(profile);
  }
}

/* ---- invalid profiles ----------------------------------------------------------------------- */
static void expect_invalid_profile(shebao_engine* engine, const char* profile, const char* path) {
  char* result = NULL;
  char* err = NULL;
  shebao_status st = shebao_evaluate(engine, profile, &result, &err);
  CHECK(st == SHEBAO_INVALID_PROFILE, "status %d for an invalid profile (%s)", (int)st, path);
  CHECK(result != NULL && strncmp(result, "{\"errors\":[", 11) == 0, "errors JSON: %s",
        str_or(result));
  char want[128];
  snprintf(want, sizeof want, "\"path\":\"%s\"", path);
  CHECK(contains(result, want), "errors JSON does not name %s: %s", path, str_or(result));
  CHECK(contains(err, path), "out_error does not name %s: %s", path, str_or(err));
  shebao_free(result);
  shebao_free(err);
}

static void test_invalid_profiles(shebao_engine* engine) {
  expect_invalid_profile(engine,
                         "{\"as_of\":\"2026-11-28\",\"person\":{\"birth\":\"1990-02-30\",\"sex\":"
                         "\"male\",\"hukou\":{\"region\":\"530902\"}},\"work\":{\"region\":"
                         "\"530102\",\"relationship\":\"platform_managed\"}}",
                         "person.birth");
  expect_invalid_profile(engine,
                         "as_of: 2026-11-28\n"
                         "person: {birth: 1990-02-10, sex: male, hukou: {region: \"530902\"}}\n"
                         "work: {region: \"530102\", relationship: astronaut}\n",
                         "work.relationship");
  /* A syntax error: the errors JSON still comes back, with an empty path (the document as a
     whole), a snake_case code and the place in line and column; out_error reads LINE:COLUMN:. */
  char* result = NULL;
  char* err = NULL;
  shebao_status st = shebao_evaluate(engine, "{\"person\": ", &result, &err);
  CHECK(st == SHEBAO_INVALID_PROFILE, "status %d for malformed JSON", (int)st);
  CHECK(contains(result, "{\"errors\":[{\"path\":\"\",\"code\":\"json_syntax\",\"message\":\"JSON "),
        "malformed JSON: %s", str_or(result));
  CHECK(contains(result, "\"line\":1,\"column\":12}"), "malformed JSON: no line/column: %s", str_or(result));
  CHECK(err != NULL && strncmp(err, "1:12: JSON ", 11) == 0, "malformed JSON: out_error %s", str_or(err));
  shebao_free(result);
  shebao_free(err);
  /* lang as a language tag (zh-CN, en-US): the message in that language only. */
  result = err = NULL;
  st = shebao_evaluate_ex(engine, "{\"person\": ", "{\"lang\":\"en-US\"}", &result, &err);
  CHECK(st == SHEBAO_INVALID_PROFILE, "status %d for malformed JSON (en-US)", (int)st);
  CHECK(contains(result, "\"message\":\"the text ends before the JSON value is complete\""), "en-US: %s",
        str_or(result));
  CHECK(err != NULL && strcmp(err, "1:12: the text ends before the JSON value is complete") == 0, "en-US: %s",
        str_or(err));
  shebao_free(result);
  shebao_free(err);
}

/* ---- options and the default as_of -------------------------------------------------------- */
static void test_options(shebao_engine* engine, const char* profile_path) {
  char* profile = read_file(profile_path);
  CHECK(profile != NULL, "cannot read %s", profile_path);
  if (!profile) return;
  char* result = NULL;
  char* err = NULL;

  shebao_status st = shebao_evaluate_ex(
      engine, profile, "{\"lang\":\"en\",\"explain\":true,\"as_of\":\"2026-11-28\",\"pretty\":false}",
      &result, &err);
  CHECK(st == SHEBAO_OK, "evaluate_ex: status %d: %s", (int)st, str_or(err));
  CHECK(contains(result, "\"trace\""), "explain: no trace");
  CHECK(contains(result, "\"as_of\":\"2026-11-28\""), "as_of option not used");
  CHECK(!contains(result, "\n"), "compact JSON has a newline");
  CHECK(contains(result, "Enterprise"), "lang en: no English text");
  shebao_free(result);
  shebao_free(err);

  result = err = NULL;
  st = shebao_evaluate_ex(engine, profile, "{\"pretty\":true,\"as_of\":\"2026-01-15\"}", &result,
                          &err);
  CHECK(st == SHEBAO_OK, "pretty: status %d: %s", (int)st, str_or(err));
  CHECK(contains(result, "\n  \"as_of\": \"2026-01-15\""), "pretty/as_of: %.80s", str_or(result));
  CHECK(!contains(result, "\"trace\""), "trace without explain");
  shebao_free(result);
  shebao_free(err);

  /* NULL and empty options are the defaults: the same as shebao_evaluate. */
  char* plain = NULL;
  result = err = NULL;
  CHECK(shebao_evaluate(engine, profile, &plain, NULL) == SHEBAO_OK, "evaluate failed");
  CHECK(shebao_evaluate_ex(engine, profile, "  ", &result, &err) == SHEBAO_OK, "empty options: %s",
        str_or(err));
  CHECK(plain && result && strcmp(plain, result) == 0, "empty options differ from the defaults");
  shebao_free(plain);
  shebao_free(result);
  shebao_free(err);

  static const char* const bad_options[] = {
      "{\"lang\":\"fr\"}", "{\"explain\":1}", "{\"as_of\":\"2025-02-30\"}", "{\"colour\":true}",
      "[1,2]",             "{\"lang\":",      "{\"pretty\":\"yes\"}"};
  for (size_t i = 0; i < sizeof bad_options / sizeof bad_options[0]; ++i) {
    result = kGarbage;
    err = NULL;
    st = shebao_evaluate_ex(engine, profile, bad_options[i], &result, &err);
    CHECK(st == SHEBAO_INVALID_ARGUMENT, "options %s: status %d", bad_options[i], (int)st);
    CHECK(result == NULL, "options %s: result not NULL on failure", bad_options[i]);
    CHECK(contains(err, "options_json"), "options %s: message %s", bad_options[i], str_or(err));
    shebao_free(err);
  }
  free(profile);

  /* No as_of anywhere: today in China (UTC+8). */
  const char* no_as_of =
      "person: {birth: 1990-05-10, sex: male, hukou: {region: \"530902\"}}\n"
      "work: {region: \"530102\", relationship: platform_managed, monthly_income: 4000}\n";
  time_t before = time(NULL) + 8 * 3600;
  result = err = NULL;
  st = shebao_evaluate(engine, no_as_of, &result, &err);
  time_t after = time(NULL) + 8 * 3600;
  CHECK(st == SHEBAO_OK, "no as_of: status %d: %s", (int)st, str_or(err));
  char day1[40], day2[40];
  struct tm tm1, tm2;
  gmtime_r(&before, &tm1);
  gmtime_r(&after, &tm2);
  strftime(day1, sizeof day1, "\"as_of\":\"%Y-%m-%d\"", &tm1);
  strftime(day2, sizeof day2, "\"as_of\":\"%Y-%m-%d\"", &tm2);
  CHECK(contains(result, day1) || contains(result, day2), "default as_of is not today in CST (%s): %.60s",
        day1, str_or(result));
  shebao_free(result);
  shebao_free(err);
}

/* ---- bad policy folders -------------------------------------------------------------------- */
static void test_bad_policies(void) {
  shebao_engine* engine = (shebao_engine*)kGarbage;
  char* err = NULL;
  shebao_status st = shebao_open("/nonexistent/shebao-policies", &engine, &err);
  CHECK(st == SHEBAO_IO_ERROR, "missing folder: status %d", (int)st);
  CHECK(engine == NULL, "missing folder: engine not NULL");
  CHECK(contains(err, "/nonexistent/shebao-policies") && contains(err, "not a folder"),
        "missing folder: message %s", str_or(err));
  shebao_free(err);

  /* A pack with errors: every diagnostic, one per line, with file:line:column. */
  char dir[] = "/tmp/shebao-capi-XXXXXX";
  CHECK(mkdtemp(dir) != NULL, "mkdtemp failed");
  char pack_dir[64], pack_file[96];
  snprintf(pack_dir, sizeof pack_dir, "%s/cn", dir);
  snprintf(pack_file, sizeof pack_file, "%s/pack.yaml", pack_dir);
  CHECK(mkdir(pack_dir, 0700) == 0, "mkdir %s", pack_dir);
  CHECK(write_file(pack_file, "id: cn\nfrobnicate: 1\n"), "write %s", pack_file);
  engine = (shebao_engine*)kGarbage;
  err = NULL;
  st = shebao_open(dir, &engine, &err);
  CHECK(st == SHEBAO_INVALID_POLICY, "bad pack: status %d", (int)st);
  CHECK(engine == NULL, "bad pack: engine not NULL");
  CHECK(contains(err, "cn/pack.yaml:2:1: unknown key 'frobnicate'"), "bad pack: message %s",
        str_or(err));
  CHECK(contains(err, "\n"), "bad pack: expected several diagnostics, one per line: %s", str_or(err));
  CHECK(err && err[strlen(err) - 1] != '\n', "bad pack: trailing newline");
  shebao_free(err);
  /* Without out_error the status still comes back. */
  engine = (shebao_engine*)kGarbage;
  CHECK(shebao_open(dir, &engine, NULL) == SHEBAO_INVALID_POLICY, "bad pack without out_error");
  CHECK(engine == NULL, "bad pack without out_error: engine not NULL");
  remove(pack_file);
  rmdir(pack_dir);
  rmdir(dir);
}

/* ---- NULL arguments -------------------------------------------------------------------------- */
/* `err` is read after the call: the status and the message are checked together. */
#define EXPECT_INVALID_ARGUMENT(call, what)                              \
  do {                                                                   \
    char* err_ = NULL;                                                   \
    char** err = &err_;                                                  \
    shebao_status st_ = (call);                                          \
    CHECK(st_ == SHEBAO_INVALID_ARGUMENT, "%s: status %d", what, (int)st_); \
    CHECK(err_ != NULL && err_[0] != '\0', "%s: no message", what);      \
    shebao_free(err_);                                                   \
  } while (0)

static void test_null_arguments(shebao_engine* engine, const char* policies) {
  shebao_engine* e = NULL;
  char* out = NULL;
  char* msg = NULL;
  /* NULL: the bundled packs (in the build tree, the source tree's policies/): the same set. */
  CHECK(shebao_open(NULL, &e, &msg) == SHEBAO_OK, "open(NULL dir): %s", str_or(msg));
  CHECK(e != NULL && msg == NULL, "open(NULL): no engine");
  {
    const char* d1 = e ? shebao_policy_digest(e) : NULL;
    const char* d2 = shebao_policy_digest(engine);
    CHECK(d1 && d2 && strcmp(d1, d2) == 0, "open(NULL) digest %s differs from the folder's %s", str_or(d1), str_or(d2));
  }
  shebao_close(e);
  e = NULL;
  EXPECT_INVALID_ARGUMENT(shebao_open(policies, NULL, err), "open(NULL out_engine)");
  EXPECT_INVALID_ARGUMENT(shebao_evaluate(NULL, "{}", &out, err), "evaluate(NULL engine)");
  EXPECT_INVALID_ARGUMENT(shebao_evaluate(engine, NULL, &out, err), "evaluate(NULL profile)");
  EXPECT_INVALID_ARGUMENT(shebao_evaluate(engine, "{}", NULL, err), "evaluate(NULL out)");
  EXPECT_INVALID_ARGUMENT(shebao_evaluate_ex(NULL, "{}", NULL, &out, err), "evaluate_ex(NULL)");
  EXPECT_INVALID_ARGUMENT(shebao_retirement(NULL, "1975-03", "female", 50, &out, err),
                          "retirement(NULL engine)");
  EXPECT_INVALID_ARGUMENT(shebao_retirement(engine, NULL, "female", 50, &out, err),
                          "retirement(NULL birth)");
  EXPECT_INVALID_ARGUMENT(shebao_retirement(engine, "1975-03", NULL, 50, &out, err),
                          "retirement(NULL sex)");
  EXPECT_INVALID_ARGUMENT(shebao_retirement(engine, "1975-03", "female", 50, NULL, err),
                          "retirement(NULL out)");
  CHECK(out == NULL, "an out parameter was set on failure");
  /* No out_error at all: still just a status. */
  CHECK(shebao_evaluate(NULL, NULL, NULL, NULL) == SHEBAO_INVALID_ARGUMENT, "all NULL");
  CHECK(shebao_policy_digest(NULL) == NULL, "digest(NULL)");
}

/* ---- retirement ------------------------------------------------------------------------------ */
static void test_retirement(shebao_engine* engine) {
  char* json = NULL;
  char* err = NULL;
  shebao_status st = shebao_retirement(engine, "1975-03", "female", 50, &json, &err);
  CHECK(st == SHEBAO_OK, "retirement: status %d: %s", (int)st, str_or(err));
  CHECK(json && strcmp(json, kRetirement1975Female50) == 0, "retirement 1975-03 female 50:\n got  %s\n want %s",
        str_or(json), kRetirement1975Female50);
  shebao_free(json);
  shebao_free(err);

  json = err = NULL;
  st = shebao_retirement(engine, "1980-06", "male", 0, &json, &err);
  CHECK(st == SHEBAO_OK, "retirement male: status %d: %s", (int)st, str_or(err));
  CHECK(contains(json, "\"age\":{\"years\":63,\"months\":0}"), "male 1980-06: %s", str_or(json));
  shebao_free(json);
  shebao_free(err);

  struct {
    const char *birth, *sex;
    int age;
  } bad[] = {{"1975-13", "female", 50}, {"1975", "female", 50}, {"1975-03", "woman", 50},
             {"1975-03", "female", 52}, {"1975-03", "female", 0}, {"1975-03", "male", 55}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    json = kGarbage;
    err = NULL;
    st = shebao_retirement(engine, bad[i].birth, bad[i].sex, bad[i].age, &json, &err);
    CHECK(st == SHEBAO_INVALID_ARGUMENT, "retirement(%s, %s, %d): status %d", bad[i].birth,
          bad[i].sex, bad[i].age, (int)st);
    CHECK(json == NULL, "retirement(%s, %s, %d): out_json not cleared", bad[i].birth, bad[i].sex,
          bad[i].age);
    CHECK(err != NULL, "retirement(%s, %s, %d): no message", bad[i].birth, bad[i].sex, bad[i].age);
    shebao_free(err);
  }
}

/* ---- many threads, one engine ---------------------------------------------------------------- */
enum { kThreads = 4, kRounds = 200 };

struct worker {
  shebao_engine* engine;
  const char* profile;
  const char* expected;
  int mismatches;
  int errors;
};

static void* work(void* arg) {
  struct worker* w = arg;
  for (int i = 0; i < kRounds; ++i) {
    char* result = NULL;
    char* err = NULL;
    if (shebao_evaluate(w->engine, w->profile, &result, &err) != SHEBAO_OK) ++w->errors;
    else if (strcmp(result, w->expected) != 0) ++w->mismatches;
    shebao_free(result);
    shebao_free(err);
  }
  return NULL;
}

static void test_threads(shebao_engine* engine, const char* profile_path) {
  char* profile = read_file(profile_path);
  CHECK(profile != NULL, "cannot read %s", profile_path);
  if (!profile) return;
  char* expected = NULL;
  CHECK(shebao_evaluate(engine, profile, &expected, NULL) == SHEBAO_OK, "reference evaluation");
  if (expected) {
    pthread_t threads[kThreads];
    struct worker workers[kThreads];
    int started = 0;
    for (int t = 0; t < kThreads; ++t) {
      workers[t] = (struct worker){engine, profile, expected, 0, 0};
      if (pthread_create(&threads[t], NULL, work, &workers[t]) == 0) ++started;
      else CHECK(0, "pthread_create %d failed", t);
    }
    for (int t = 0; t < started; ++t) pthread_join(threads[t], NULL);
    for (int t = 0; t < started; ++t) {
      CHECK(workers[t].errors == 0, "thread %d: %d failed evaluations", t, workers[t].errors);
      CHECK(workers[t].mismatches == 0, "thread %d: %d answers differ", t, workers[t].mismatches);
    }
  }
  shebao_free(expected);
  free(profile);
}

/* ---- the small functions --------------------------------------------------------------------- */
static void test_misc(shebao_engine* engine) {
  const char* v = shebao_version();
  CHECK(v != NULL && v[0] >= '0' && v[0] <= '9', "version %s", str_or(v));
  const char* d = shebao_policy_digest(engine);
  CHECK(d != NULL && strncmp(d, "sha256:", 7) == 0, "digest %s", str_or(d));
  for (int s = SHEBAO_OK; s <= SHEBAO_INTERNAL_ERROR; ++s) {
    const char* m = shebao_status_message((shebao_status)s);
    CHECK(m != NULL && m[0] != '\0', "status_message(%d)", s);
  }
  CHECK(strcmp(shebao_status_message(SHEBAO_OK), "ok") == 0, "status_message(OK)");
  CHECK(shebao_status_message((shebao_status)99) != NULL, "status_message(99)");
  shebao_free(NULL);
  shebao_close(NULL);
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s POLICIES_DIR EXAMPLE_PROFILE...\n", argv[0]);
    return 2;
  }
  const char* policies = argv[1];
  shebao_engine* engine = NULL;
  char* err = NULL;
  shebao_status st = shebao_open(policies, &engine, &err);
  if (st != SHEBAO_OK) {
    fprintf(stderr, "cannot open %s: %s (%s)\n", policies, shebao_status_message(st), str_or(err));
    shebao_free(err);
    return 1;
  }
  CHECK(err == NULL, "out_error set on success");

  test_misc(engine);
  test_examples(engine, argc - 2, argv + 2);
  test_invalid_profiles(engine);
  if (argc > 2) test_options(engine, argv[2]);
  test_bad_policies();
  test_null_arguments(engine, policies);
  test_retirement(engine);
  if (argc > 2) test_threads(engine, argv[2]);

  shebao_close(engine);
  printf("c_api_test: %d checks, %d failed\n", g_checks, g_failures);
  return g_failures == 0 ? 0 : 1;
}
