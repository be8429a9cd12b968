// The error-code registry (core/error_code_list.h) against itself, README.md and the UI's
// message tables: a code the server can answer with is declared once, documented, and the UI
// names no code the server does not have.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "trellis/core/error.h"

using namespace trellis;

namespace {

std::string readSource(const std::string& relative) {
  std::ifstream in(std::string(TRELLIS_SOURCE_DIR) + "/" + relative, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::set<std::string> registeredNames() {
  std::set<std::string> names;
  for (const ErrorCode* c : allErrorCodes()) names.insert(std::string(c->name));
  return names;
}

}  // namespace

TEST_CASE("every registered code is unique, snake_case and has a Chinese message", "[unit][errc]") {
  const std::regex snake("[a-z][a-z0-9]*(_[a-z0-9]+)*");
  std::set<std::string> seen;
  for (const ErrorCode* c : allErrorCodes()) {
    std::string name(c->name);
    INFO(name);
    CHECK(std::regex_match(name, snake));
    CHECK(seen.insert(name).second);
    CHECK(!c->message_zh.empty());
    // At least one CJK character (UTF-8 lead byte 0xE4..0xE9 covers U+4000..U+9FFF).
    bool cjk = false;
    for (unsigned char ch : c->message_zh) cjk = cjk || (ch >= 0xE4 && ch <= 0xE9);
    CHECK(cjk);
    CHECK(findErrorCode(name) == c);
  }
  CHECK(allErrorCodes().size() > 150);
  CHECK(findErrorCode("no_such_code") == nullptr);
}

TEST_CASE("an Error takes its kind and name from its registered code", "[unit][errc]") {
  Error e(errc::stale_version, "changed since", "version");
  CHECK(e.kind() == ErrorKind::conflict);
  CHECK(e.code() == "stale_version");
  CHECK(e.is(errc::stale_version));
  CHECK_FALSE(e.is(errc::duplicate));
  CHECK(e.field() == "version");
  CHECK(Error(errc::required, "x").kind() == ErrorKind::invalid);
  CHECK(Error(errc::invalid_cursor, "x").kind() == ErrorKind::bad_request);
}

TEST_CASE("README.md documents every registered code, and its error tables name only registered ones", "[unit][errc]") {
  const std::string readme = readSource("README.md");
  std::set<std::string> mentioned;
  const std::regex backticked("`([a-z][a-z0-9]*(?:_[a-z0-9]+)*)`");
  for (std::sregex_iterator it(readme.begin(), readme.end(), backticked), end; it != end; ++it)
    mentioned.insert((*it)[1]);
  for (const ErrorCode* c : allErrorCodes()) {
    INFO("README.md does not mention `" << c->name << "`");
    CHECK(mentioned.count(std::string(c->name)) == 1);
  }
  // Rows of the error tables: "| 409 | `a`, `b` | …": every code named there is registered.
  const auto names = registeredNames();
  const std::regex row("\\n\\| (4|5)[0-9][0-9] \\| ([^|\\n]*) \\|");
  int rows = 0;
  for (std::sregex_iterator it(readme.begin(), readme.end(), row), end; it != end; ++it) {
    ++rows;
    const std::string cell = (*it)[2];
    for (std::sregex_iterator c(cell.begin(), cell.end(), backticked), e; c != e; ++c) {
      INFO("README error table names unregistered code `" << (*c)[1] << "`");
      CHECK(names.count((*c)[1]) == 1);
    }
  }
  CHECK(rows > 20);
}

TEST_CASE("the UI's message tables and code comparisons name only registered codes", "[unit][errc]") {
  const auto names = registeredNames();
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(std::string(TRELLIS_SOURCE_DIR) + "/src/web/js"))
    if (entry.path().extension() == ".js")
      files.push_back(std::filesystem::relative(entry.path(), TRELLIS_SOURCE_DIR).string());
  REQUIRE(files.size() > 10);
  const std::regex table("const [A-Z_]*MESSAGES = \\{([^}]*)\\}");
  const std::regex key("\\n\\s*([a-z][a-z0-9_]*):");
  const std::regex compared("code [!=]== '([a-z][a-z0-9_]*)'");
  int keys = 0;
  for (const std::string& f : files) {
    const std::string js = readSource(f);
    for (std::sregex_iterator t(js.begin(), js.end(), table), end; t != end; ++t) {
      const std::string body = "\n" + std::string((*t)[1]);
      for (std::sregex_iterator k(body.begin(), body.end(), key), e; k != e; ++k) {
        const std::string code = (*k)[1];
        if (code == "network") continue;  // the UI's own: no response at all (api.js)
        ++keys;
        INFO(f << " has a message for unregistered code " << code);
        CHECK(names.count(code) == 1);
      }
    }
    for (std::sregex_iterator c(js.begin(), js.end(), compared), e; c != e; ++c) {
      INFO(f << " compares with unregistered code " << (*c)[1]);
      CHECK(names.count((*c)[1]) == 1);
    }
  }
  CHECK(keys > 30);
}
