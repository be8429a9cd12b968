#include "trellis/io/cell_guard.h"

namespace trellis::io {

bool needsFormulaGuard(std::string_view text) {
  if (text.empty()) return false;
  switch (text.front()) {
    case '=': case '+': case '-': case '@': case '\t': case '\r': return true;
    default: return false;
  }
}

std::string guardFormula(std::string_view text) {
  if (!needsFormulaGuard(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 1);
  out += '\'';
  out += text;
  return out;
}

}  // namespace trellis::io
