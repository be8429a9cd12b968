// Problem status transitions, table-driven: every (from, to) pair against the table in
// domain/liaison.h, through the service on a real database; and the rules around them
// (satisfaction to close, resolution to resolve, versions, events).
#include <catch2/catch.hpp>

#include "liaison_fixture.h"

namespace trellis::liaisontest {
namespace {

using S = domain::ProblemStatus;
const S kAll[] = {S::open, S::in_progress, S::resolved, S::closed, S::escalated};

// The expected table, written out by hand from the issue (open → in progress → resolved →
// closed, or escalated; a resolved problem may be reopened).
bool expectedAllowed(S from, S to) {
  switch (from) {
    case S::open: return to == S::in_progress || to == S::resolved || to == S::escalated;
    case S::in_progress: return to == S::resolved || to == S::escalated;
    case S::escalated: return to == S::in_progress || to == S::resolved;
    case S::resolved: return to == S::closed || to == S::in_progress;
    case S::closed: return false;
  }
  return false;
}

io::ProblemPatch moveTo(S to) {
  io::ProblemPatch p;
  p.status = domain::problemStatusName(to);
  if (to == S::resolved) p.resolution = "已解决";
  if (to == S::closed) p.satisfaction = 4;
  p.note = "测试";
  return p;
}

struct ProblemFixture {
  LiaisonWorld w;
  service::Caller county = w.user("cty", "county", "411002");
  std::string uscc = w.enterprise("411002");

  ProblemFixture() { w.setToday(Date(2026, 3, 2)); }

  // A new problem brought to `state` along the shortest legal path; returns {id, version}.
  std::pair<std::int64_t, std::int64_t> problemIn(S state) {
    auto v = w.contact(county, uscc, "", {"funding"});
    std::int64_t id = v.problems.at(0).problem.id, version = 1;
    std::vector<S> path;
    if (state == S::in_progress) path = {S::in_progress};
    if (state == S::escalated) path = {S::escalated};
    if (state == S::resolved) path = {S::resolved};
    if (state == S::closed) path = {S::resolved, S::closed};
    for (S s : path) version = w.problems.change(county, id, moveTo(s), version).row.problem.version;
    return {id, version};
  }
};

}  // namespace

TEST_CASE("problem transitions: the domain table is the documented one", "[unit][domain][problem]") {
  for (S from : kAll)
    for (S to : kAll) {
      INFO(domain::problemStatusName(from) << " -> " << domain::problemStatusName(to));
      CHECK(domain::isAllowedTransition(from, to) == expectedAllowed(from, to));
    }
  CHECK(domain::isPending(S::open));
  CHECK(domain::isPending(S::in_progress));
  CHECK(domain::isPending(S::escalated));
  CHECK_FALSE(domain::isPending(S::resolved));
  CHECK_FALSE(domain::isPending(S::closed));
}

TEST_CASE("problem transitions: every pair through the service — allowed moves succeed, others are 409",
          "[unit][service][problem]") {
  ProblemFixture f;
  for (S from : kAll)
    for (S to : kAll) {
      if (from == to) continue;
      INFO(domain::problemStatusName(from) << " -> " << domain::problemStatusName(to));
      auto [id, version] = f.problemIn(from);
      if (expectedAllowed(from, to)) {
        auto v = f.w.problems.change(f.county, id, moveTo(to), version);
        CHECK(v.row.problem.status == to);
        CHECK(v.row.problem.version == version + 1);
        REQUIRE_FALSE(v.events.empty());
        CHECK(v.events.back().from_status == from);
        CHECK(v.events.back().to_status == to);
        CHECK(v.events.back().by == "cty");
        CHECK(v.events.back().on_date == Date(2026, 3, 2));
        CHECK(v.events.back().note == "测试");
      } else {
        auto err = errorOf([&] { f.w.problems.change(f.county, id, moveTo(to), version); });
        CHECK(err.kind() == ErrorKind::failed_precondition);
        CHECK(err.code() == (from == S::closed ? "problem_closed" : "illegal_transition"));
        CHECK(f.w.problems.get(f.county, id).row.problem.status == from);
      }
    }
}

TEST_CASE("problem transitions: closing needs satisfaction 1-5, resolving needs a resolution", "[unit][service][problem]") {
  ProblemFixture f;
  auto [id, version] = f.problemIn(S::resolved);
  io::ProblemPatch close;
  close.status = "closed";
  CHECK(errorOf([&] { f.w.problems.change(f.county, id, close, version); }).field() == "satisfaction");
  for (std::int64_t bad : {0, 6}) {
    close.satisfaction = bad;
    CHECK(errorOf([&] { f.w.problems.change(f.county, id, close, version); }).code() == "out_of_range");
  }
  io::ProblemPatch early;
  early.status = "in_progress";
  early.satisfaction = 5;
  CHECK(errorOf([&] { f.w.problems.change(f.county, id, early, version); }).code() == "only_when_closing");

  auto [open_id, open_version] = f.problemIn(S::open);
  io::ProblemPatch resolve;
  resolve.status = "resolved";
  auto err = errorOf([&] { f.w.problems.change(f.county, open_id, resolve, open_version); });
  CHECK(err.field() == "resolution");
  CHECK(err.code() == "required");

  close.satisfaction = 2;
  f.w.setToday(Date(2026, 3, 5));
  auto closed = f.w.problems.change(f.county, id, close, version).row.problem;
  CHECK(closed.status == S::closed);
  CHECK(closed.satisfaction == 2);
  CHECK(closed.closed_on == Date(2026, 3, 5));
  CHECK(closed.resolved_on == Date(2026, 3, 2));
}

TEST_CASE("problem changes: versions, reopening, owner unit referral, scope", "[unit][service][problem]") {
  ProblemFixture f;
  auto [id, version] = f.problemIn(S::resolved);

  io::ProblemPatch reopen;
  reopen.status = "in_progress";
  CHECK(errorOf([&] { f.w.problems.change(f.county, id, reopen, std::nullopt); }).kind() ==
        ErrorKind::precondition_required);
  CHECK(errorOf([&] { f.w.problems.change(f.county, id, reopen, version - 1); }).code() == "stale_version");
  auto v = f.w.problems.change(f.county, id, reopen, version);
  CHECK_FALSE(v.row.problem.resolved_on);  // reopened: the resolution date is cleared

  io::ProblemPatch refer;
  refer.owner_unit = "fgw";
  refer.deadline = "2026-04-30";
  auto r = f.w.problems.change(f.county, id, refer, v.row.problem.version);
  CHECK(r.row.problem.owner_unit == "fgw");
  CHECK(r.row.problem.deadline == Date(2026, 4, 30));
  CHECK(r.row.problem.status == S::in_progress);
  CHECK(r.events.back().note == "owner unit czj → fgw; deadline 2026-04-01 → 2026-04-30");
  CHECK(auditRows(f.w.db, "problem.update") == 3);

  auto far = f.w.user("cty.far", "county", "411082");
  CHECK(errorOf([&] { f.w.problems.get(far, id); }).kind() == ErrorKind::not_found);
  CHECK(errorOf([&] { f.w.problems.change(far, id, reopen, r.row.problem.version); }).kind() == ErrorKind::not_found);
  service::ProblemQuery q;
  CHECK(f.w.problems.list(far, q).items.empty());
  CHECK(f.w.problems.list(f.county, q).items.size() == 1);
}

}  // namespace trellis::liaisontest
