// Query and path parameters are parsed once, on Request: one syntax per type for every route.
#include "trellis/http/request.h"

#include <catch2/catch.hpp>

#include "trellis/core/error.h"

namespace trellis::http {
namespace {

Request withQuery(std::map<std::string, std::string> query) {
  Request r;
  r.query = std::move(query);
  return r;
}

// The Error a call throws, or a failed test when it throws none.
template <class F>
Error refusal(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  FAIL("no Error thrown");
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("boolParam accepts exactly true, 1, false and 0", "[unit][http]") {
  for (const auto& [text, value] : std::vector<std::pair<std::string, bool>>{
           {"true", true}, {"1", true}, {"false", false}, {"0", false}}) {
    INFO(text);
    auto r = withQuery({{"total", text}});
    CHECK(r.boolParam("total") == value);
    CHECK(r.flagParam("total") == value);
  }
  CHECK_FALSE(withQuery({}).boolParam("total").has_value());
  CHECK(withQuery({}).flagParam("total") == false);
}

TEST_CASE("boolParam refuses every other spelling as not_a_boolean naming the parameter", "[unit][http]") {
  for (const std::string text : {"", "TRUE", "True", "yes", "no", "on", "2", "-1", "01", " true", "true "}) {
    INFO("'" << text << "'");
    auto r = withQuery({{"include_exited", text}});
    Error e = refusal([&] { r.flagParam("include_exited"); });
    CHECK(e.kind() == ErrorKind::invalid);
    CHECK(e.code() == "not_a_boolean");
    CHECK(e.field() == "include_exited");
  }
}

TEST_CASE("intParam accepts up to nine digits within its bounds", "[unit][http]") {
  CHECK(withQuery({{"limit", "0"}}).intParam("limit") == 0);
  CHECK(withQuery({{"limit", "50"}}).intParam("limit") == 50);
  CHECK(withQuery({{"limit", "007"}}).intParam("limit") == 7);
  CHECK(withQuery({{"limit", "999999999"}}).intParam("limit") == 999999999);
  CHECK(withQuery({{"year", "2024"}}).intParam("year", 2000, 2100) == 2024);
  CHECK(withQuery({{"year", "2000"}}).intParam("year", 2000, 2100) == 2000);
  CHECK(withQuery({{"year", "2100"}}).intParam("year", 2000, 2100) == 2100);
  CHECK_FALSE(withQuery({}).intParam("limit").has_value());
}

TEST_CASE("intParam refuses signs, spaces, decimals and ten digits as not_a_number", "[unit][http]") {
  for (const std::string text : {"", "-1", "+1", "1.5", "1e3", " 1", "1 ", "ten", "0x10", "1234567890"}) {
    INFO("'" << text << "'");
    auto r = withQuery({{"limit", text}});
    Error e = refusal([&] { r.intParam("limit"); });
    CHECK(e.kind() == ErrorKind::invalid);
    CHECK(e.code() == "not_a_number");
    CHECK(e.field() == "limit");
  }
}

TEST_CASE("intParam refuses a number outside its bounds as out_of_range", "[unit][http]") {
  for (const std::string text : {"1999", "2101", "0"}) {
    INFO(text);
    auto r = withQuery({{"year", text}});
    Error e = refusal([&] { r.intParam("year", 2000, 2100); });
    CHECK(e.code() == "out_of_range");
    CHECK(e.field() == "year");
  }
}

TEST_CASE("dateParam accepts real YYYY-MM-DD dates only", "[unit][http]") {
  CHECK(withQuery({{"as_of", "2024-02-29"}}).dateParam("as_of") == Date(2024, 2, 29));
  CHECK_FALSE(withQuery({}).dateParam("as_of").has_value());
  for (const std::string text : {"", "2023-02-29", "2024-13-01", "2024-1-01", "20240101", "2024-01-01T00:00", "today"}) {
    INFO("'" << text << "'");
    auto r = withQuery({{"as_of", text}});
    Error e = refusal([&] { r.dateParam("as_of"); });
    CHECK(e.code() == "invalid_date");
    CHECK(e.field() == "as_of");
  }
}

TEST_CASE("textParam is the text as sent, empty when absent", "[unit][http]") {
  CHECK(withQuery({{"q", "许继 "}}).textParam("q") == "许继 ");
  CHECK(withQuery({}).textParam("q").empty());
}

TEST_CASE("idPathParam reads a row id; a malformed id is not_found like an absent one", "[unit][http]") {
  Request r;
  r.path_params = {"91411000MA40ABCD1X", "42"};
  CHECK(r.idPathParam(1, errc::milestone_not_found) == 42);
  for (const std::string text : {"", "-1", "4x", "1.0", "1234567890123456"}) {
    INFO("'" << text << "'");
    r.path_params[1] = text;
    Error e = refusal([&] { r.idPathParam(1, errc::milestone_not_found); });
    CHECK(e.kind() == ErrorKind::not_found);
    CHECK(e.is(errc::milestone_not_found));
  }
}

}  // namespace trellis::http
