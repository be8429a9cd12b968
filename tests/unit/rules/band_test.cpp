// Band tables (band.h): lookups at inclusive/exclusive bounds and the partition check (LC5).
#include <catch2/catch.hpp>

#include "trellis/rules/band.h"

using trellis::rules::Band;
using trellis::rules::BandTable;
using trellis::rules::bandTableProblem;

namespace {

Band band(std::optional<double> min, std::optional<double> max, double out, bool min_inc = true,
          bool max_inc = false) {
  Band b;
  b.min = min;
  b.max = max;
  b.min_inclusive = min_inc;
  b.max_inclusive = max_inc;
  b.out_min = b.out_max = out;
  return b;
}

}  // namespace

TEST_CASE("band lookup: lower bounds inclusive by default", "[unit][rules]") {
  BandTable t{{band(std::nullopt, 0.10, 0), band(0.10, 0.15, 4), band(0.15, std::nullopt, 8)}};
  REQUIRE_FALSE(bandTableProblem(t));
  struct Row { double v; double points; };
  for (Row row : {Row{0.0999, 0}, Row{0.10, 4}, Row{0.1499, 4}, Row{0.15, 8}, Row{5.0, 8}, Row{-1, 0}}) {
    INFO("value " << row.v);
    CHECK(t.find(row.v)->out_min == row.points);
  }
  CHECK(t.next(0.12)->out_min == 8);
  CHECK(t.next(0.5) == nullptr);
  CHECK(t.maxOut() == 8);
}

TEST_CASE("band lookup: upper bound inclusive where configured", "[unit][rules]") {
  BandTable t{{band(std::nullopt, 50, 5, true, true), band(50, std::nullopt, 4, false)}};
  REQUIRE_FALSE(bandTableProblem(t));
  CHECK(t.find(50)->out_min == 5);
  CHECK(t.find(50.0001)->out_min == 4);
}

TEST_CASE("band partition problems name the band (LC5)", "[unit][rules]") {
  SECTION("hole between bands") {
    auto p = bandTableProblem(BandTable{{band(std::nullopt, 0.05, 0), band(0.06, std::nullopt, 1)}});
    REQUIRE(p);
    CHECK(p->index == 1);
    CHECK(p->why.find("hole") != std::string::npos);
  }
  SECTION("hole at a shared bound, both exclusive") {
    auto p = bandTableProblem(BandTable{{band(std::nullopt, 0, 0), band(0, std::nullopt, 1, false)}});
    REQUIRE(p);
    CHECK(p->why.find("hole") != std::string::npos);
  }
  SECTION("overlap: both inclusive") {
    auto p = bandTableProblem(BandTable{{band(std::nullopt, 0, 0, true, true), band(0, std::nullopt, 1)}});
    REQUIRE(p);
    CHECK(p->why.find("overlaps") != std::string::npos);
  }
  SECTION("overlap: ranges cross") {
    auto p = bandTableProblem(BandTable{{band(std::nullopt, 0.3, 0), band(0.2, std::nullopt, 1)}});
    REQUIRE(p);
    CHECK(p->why.find("overlaps") != std::string::npos);
  }
  SECTION("hole below or above") {
    CHECK(bandTableProblem(BandTable{{band(0, std::nullopt, 1)}}));
    CHECK(bandTableProblem(BandTable{{band(std::nullopt, 1, 1)}}));
    CHECK(bandTableProblem(BandTable{}));
  }
}
