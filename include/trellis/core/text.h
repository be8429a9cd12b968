// UTF-8 text helpers for Chinese names: code-point splitting, search grams, validation.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace trellis::text {

// True when s is well-formed UTF-8 (no overlong forms, no surrogates, ≤ U+10FFFF).
bool isValidUtf8(std::string_view s);
// True when s has a C0/C1 control character or U+0000 (names, tags and aliases must not).
bool hasControlCharacter(std::string_view s);
// The code points of valid UTF-8 s, each as its own UTF-8 substring.
std::vector<std::string_view> codePoints(std::string_view s);
// Number of code points in valid UTF-8 s.
size_t length(std::string_view s);
// ASCII letters lower-cased; every other byte unchanged (Chinese has no case).
std::string foldCase(std::string_view s);
// The distinct pairs of adjacent code points of foldCase(s), skipping pairs with whitespace.
std::vector<std::string> bigrams(std::string_view s);
// s without leading and trailing ASCII whitespace.
std::string_view trim(std::string_view s);
// Joins items with sep / splits on sep (empty text → no items).
std::string join(const std::vector<std::string>& items, char sep);
std::vector<std::string> split(std::string_view s, char sep);

}  // namespace trellis::text
