/* A program outside the project that uses an installed shebao: shebao_open(NULL) (the bundled
 * packs of that install), evaluates the profile file in argv[1] and prints the RESULT.md JSON. */
#include <stdio.h>
#include <stdlib.h>

#include <shebao.h>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  FILE* f = fopen(argv[1], "rb");
  if (!f) return 2;
  static char text[1 << 16];
  size_t n = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  text[n] = '\0';
  shebao_engine* engine = NULL;
  char* err = NULL;
  if (shebao_open(NULL, &engine, &err) != SHEBAO_OK) {
    fprintf(stderr, "shebao_open: %s\n", err ? err : "?");
    shebao_free(err);
    return 1;
  }
  char* result = NULL;
  shebao_status st = shebao_evaluate_ex(engine, text, "{\"pretty\":true}", &result, &err);
  if (st != SHEBAO_OK) fprintf(stderr, "shebao_evaluate: %s\n", err ? err : "?");
  else printf("%s\n", result);
  shebao_free(result);
  shebao_free(err);
  shebao_close(engine);
  return st == SHEBAO_OK ? 0 : 1;
}
