// Numbers in gap texts (text_format.h): a failing ratio never prints as its own threshold.
#include <catch2/catch.hpp>

#include "trellis/rules/text_format.h"

using namespace trellis::rules;

TEST_CASE("a ratio just below its threshold does not read 10% < 10%", "[unit][rules]") {
  CHECK(percent(0.09999) == "10%");  // what the plain rounding said
  CHECK(percentBelow(0.09999, 0.1) == "9.999%");
  CHECK(percentBelow(0.099999, 0.1) == "9.999%");     // cut, not rounded up to 10
  CHECK(percentBelow(0.0999999999, 0.1) == "9.999%");
  CHECK(percentBelow(0.0399999, 0.04) == "3.999%");
}

TEST_CASE("percentBelow keeps the short form whenever it already differs from the bound", "[unit][rules]") {
  CHECK(percentBelow(0.0917, 0.1) == "9.17%");
  CHECK(percentBelow(0.09, 0.1) == "9%");
  CHECK(percentBelow(0.034, 0.04) == "3.4%");
  CHECK(percentBelow(0.5998, 0.6) == "59.98%");
}

TEST_CASE("percentBelow never prints a failing ratio as its bound, across a range near it", "[unit][rules]") {
  for (double bound : {0.03, 0.04, 0.05, 0.1, 0.6}) {
    for (int k = 1; k <= 2000; ++k) {
      double ratio = bound - k * 1e-7;
      INFO("bound " << bound << " ratio " << ratio);
      CHECK(percentBelow(ratio, bound) != percent(bound));
    }
  }
}
