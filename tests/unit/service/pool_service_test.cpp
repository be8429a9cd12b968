// PoolService on a real SQLite file: entry rules (pool_service.h PE1–PE7), the generated
// roadmap and its re-generation when indicators change (member_upkeep.h RG2–RG5), graduation
// (GR1), pipeline steps, milestone completion, on-time %, and the due list.
#include "ladder_fixture.h"

using namespace trellis;
using namespace trellis::laddertest;

namespace {

io::MemberDraft memberDraft(const std::string& uscc, const std::string& target = "", std::int64_t year = 2026) {
  io::MemberDraft d;
  d.uscc = uscc;
  d.target_stage = target;
  d.target_year = year;
  return d;
}

const domain::Milestone* byKey(const std::vector<domain::Milestone>& ms, const std::string& key) {
  for (const auto& m : ms)
    if (m.calendar_key == key) return &m;
  return nullptr;
}

}  // namespace

TEST_CASE("pool entry checks say why a member is refused", "[unit][service][pool]") {
  LadderWorld w;
  std::string u = w.enterprise();

  SECTION("PE5 an eaglet candidate must hold hnte or tech_sme (task 9)") {
    auto e = errorOf([&] { w.pools.enter(w.bureau, "double_hundred_reserve", memberDraft(u, "eaglet")); });
    CHECK(e.code() == "entry_refused");
    CHECK(std::string(e.what()).find("高新技术企业或科技型中小企业") != std::string::npos);
    w.ladder.recordDesignation(w.bureau, u, w.draft("tech_sme", "2025-01-10", "2025411002A0001"));
    CHECK(w.pools.enter(w.bureau, "double_hundred_reserve", memberDraft(u, "eaglet")).member.target_stage == "eaglet");
  }
  SECTION("PE1 unknown pool, wrong target for the pool") {
    CHECK(errorOf([&] { w.pools.enter(w.bureau, "moon_pool", memberDraft(u)); }).kind() == ErrorKind::not_found);
    CHECK(errorOf([&] { w.pools.enter(w.bureau, "hnte_reserve", memberDraft(u, "eaglet")); }).code() == "stage_not_in_pool");
  }
  SECTION("PE2 target year range") {
    CHECK(errorOf([&] { w.pools.enter(w.bureau, "hnte_reserve", memberDraft(u, "", 2031)); }).field() == "target_year");
  }
  SECTION("PE3 already held, PE6 one open membership per pool") {
    w.pools.enter(w.bureau, "hnte_reserve", memberDraft(u));
    CHECK(errorOf([&] { w.pools.enter(w.bureau, "hnte_reserve", memberDraft(u)); }).code() == "already_member");
    std::string v = w.enterprise();
    w.ladder.recordDesignation(w.bureau, v, w.draft("hnte", "2024-11-20", "GR202441000123"));
    CHECK(errorOf([&] { w.pools.enter(w.bureau, "hnte_reserve", memberDraft(v)); }).code() == "stage_already_held");
  }
  SECTION("PE7 a county officer enters only its own region's enterprises") {
    CHECK(errorOf([&] { w.pools.enter(w.county("411082"), "hnte_reserve", memberDraft(u)); }).kind() == ErrorKind::not_found);
    CHECK(w.pools.enter(w.county("411002"), "hnte_reserve", memberDraft(u)).member.region_code == "411002");
  }
}

TEST_CASE("the roadmap follows the gap; officers' milestones are never touched", "[unit][service][roadmap]") {
  LadderWorld w;
  std::string u = w.enterprise();
  for (int y = 2022; y <= 2025; ++y) w.ladder.putIndicators(w.bureau, u, w.year(y), std::nullopt);
  auto entered = w.pools.enter(w.bureau, "hnte_reserve", memberDraft(u));  // target 2026: data year 2025
  const auto& ms = entered.milestones;
  REQUIRE(byKey(ms, "st_staff"));                   // RG2: gap-driven step proposed
  REQUIRE(byKey(ms, "rd_investment"));
  REQUIRE(byKey(ms, "submit"));                     // calendar step always proposed
  CHECK(byKey(ms, "submit")->due_on == Date(2026, 6, 30));
  CHECK(byKey(ms, "rd_investment")->gap_text.find("元") != std::string::npos);

  io::MilestoneDraft own;
  own.title = "走访核对研发辅助账";
  own.due_on = "2025-04-15";
  auto officer = w.pools.addMilestone(w.bureau, u, own);
  CHECK_FALSE(officer.generated);

  // The enterprise hires S&T staff: the st_staff step retires (RG4); others follow (RG3).
  auto better = w.year(2025);
  better.st_staff = 20;
  w.ladder.putIndicators(w.bureau, u, better, std::nullopt);
  auto after = w.pools.roadmap(w.bureau, u).memberships;
  REQUIRE(after.size() == 1);
  CHECK(byKey(after[0].milestones, "st_staff") == nullptr);  // retired ones are not shown
  CHECK(byKey(after[0].milestones, "rd_investment"));
  bool officer_kept = false;
  for (const auto& m : after[0].milestones)
    if (m.id == officer.id) officer_kept = m.title == "走访核对研发辅助账" && m.status == "planned";  // RG5
  CHECK(officer_kept);

  // Complete one on time, one late; on-time % counts done on time over done + overdue.
  w.setToday(Date(2025, 4, 20));
  w.pools.completeMilestone(w.bureau, u, officer.id, io::MilestoneClose{std::string("2025-04-18"), "", std::nullopt});
  auto stats = w.pools.roadmap(w.bureau, u).memberships[0].roadmap;
  CHECK(stats.done == 1);
  CHECK(stats.done_on_time == 0);
  REQUIRE(stats.on_time);
  CHECK(*stats.on_time == Approx(0.0));
  CHECK(errorOf([&] { w.pools.waiveMilestone(w.bureau, u, officer.id, io::MilestoneClose{std::nullopt, "不需要", std::nullopt}); })
            .code() == "milestone_closed");

  auto due = w.pools.dueMilestones(w.bureau, "hnte_reserve", service::DueQuery{"", Date(2025, 12, 31), 500, ""});
  CHECK_FALSE(due.items.empty());
  for (const auto& d : due.items) CHECK(d.milestone.due_on <= Date(2025, 12, 31));
  CHECK(w.pools.dueMilestones(w.county("411082"), "hnte_reserve", service::DueQuery{"", Date(2025, 12, 31), 500, ""})
            .items.empty());
}

TEST_CASE("recording the target designation graduates the member (GR1)", "[unit][service][pool]") {
  LadderWorld w;
  std::string u = w.enterprise();
  auto m = w.pools.enter(w.bureau, "hnte_reserve", memberDraft(u));
  io::StepDraft step;
  step.kind = "pre_review";
  step.result = "returned";
  CHECK(errorOf([&] { w.pools.addStep(w.bureau, "hnte_reserve", m.member.id, step); }).field() == "reasons");
  step.reasons = "缺专项审计报告";
  CHECK(w.pools.addStep(w.bureau, "hnte_reserve", m.member.id, step).year == 2026);
  w.setToday(Date(2025, 12, 10));
  w.ladder.recordDesignation(w.bureau, u, w.draft("hnte", "2025-12-01", "GR202541000777"));
  auto v = w.pools.member(w.bureau, "hnte_reserve", m.member.id);
  CHECK(v.member.exit_reason == "graduated");
  CHECK(v.member.exited_on == Date(2025, 12, 1));
  REQUIRE(v.pipeline_step);
  CHECK(v.pipeline_step->result == "returned");
  CHECK(errorOf([&] { w.pools.exit(w.bureau, "hnte_reserve", m.member.id, io::ExitDraft{std::nullopt, "withdrawn", std::nullopt}); })
            .code() == "already_exited");
}

// Issue 9: a milestone's overdue is decided by the service on the day it is read, for every
// read model that carries one (the roadmap, a change's answer, the due list), not by a codec.
TEST_CASE("every milestone PoolService returns has its overdue decided on today", "[unit][service][roadmap]") {
  LadderWorld w;  // today 2025-03-10
  std::string u = w.enterprise();
  w.pools.enter(w.bureau, "hnte_reserve", memberDraft(u));
  io::MilestoneDraft own;
  own.title = "走访核对研发辅助账";
  own.due_on = "2025-03-20";
  auto added = w.pools.addMilestone(w.bureau, u, own);
  CHECK_FALSE(added.overdue);
  CHECK(added.status == "planned");

  w.setToday(Date(2025, 3, 25));
  auto roadmap = w.pools.roadmap(w.bureau, u);
  CHECK(roadmap.today == Date(2025, 3, 25));
  REQUIRE(roadmap.memberships.size() == 1);
  bool seen = false;
  for (const auto& m : roadmap.memberships[0].milestones) {
    CHECK(m.overdue == (m.status == "planned" && m.due_on < Date(2025, 3, 25)));
    if (m.id == added.id) seen = m.overdue;
  }
  CHECK(seen);
  CHECK(roadmap.memberships[0].roadmap.overdue >= 1);

  auto due = w.pools.dueMilestones(w.bureau, "hnte_reserve", service::DueQuery{"", Date(2025, 3, 31), 500, ""});
  CHECK(due.today == Date(2025, 3, 25));
  bool due_seen = false;
  for (const auto& d : due.items)
    if (d.milestone.id == added.id) due_seen = d.milestone.overdue;
  CHECK(due_seen);

  // An edit that moves it into the future is no longer overdue; done is never overdue.
  io::MilestoneDraft later;
  later.due_on = "2025-04-30";
  CHECK_FALSE(w.pools.editMilestone(w.bureau, u, added.id, later).overdue);
  later.due_on = "2025-03-21";
  CHECK(w.pools.editMilestone(w.bureau, u, added.id, later).overdue);
  auto done = w.pools.completeMilestone(w.bureau, u, added.id, io::MilestoneClose{std::nullopt, "", std::nullopt});
  CHECK(done.status == "done");
  CHECK_FALSE(done.overdue);
}
