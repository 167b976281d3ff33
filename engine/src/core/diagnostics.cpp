#include "shebao/core/diagnostics.h"

namespace shebao {

// "file:line:column: message [code]"; "file:line: ..." when the column is unknown;
// "file: message [code]" when the line is unknown; no " [code]" when the code is empty.
std::string Diagnostic::to_string() const {
  std::string out = file;
  if (pos.line != 0) {
    out += ':';
    out += std::to_string(pos.line);
    if (pos.column != 0) {
      out += ':';
      out += std::to_string(pos.column);
    }
  }
  out += ": ";
  out += message;
  if (!code.empty()) {
    out += " [";
    out += code;
    out += ']';
  }
  return out;
}

}  // namespace shebao
