// CSV/formula injection (issue 12 "Export"): a text cell beginning with = + - @ tab or CR would be
// read as a formula by a spreadsheet; writers put a "'" before it. Numbers in integer and decimal
// columns are written as numbers and never touched, so -5 stays -5.
#pragma once
#include <string>
#include <string_view>

namespace trellis::io {

// True when text begins with one of = + - @ \t \r.
bool needsFormulaGuard(std::string_view text);
// text, with "'" in front when needsFormulaGuard(text).
std::string guardFormula(std::string_view text);

}  // namespace trellis::io
