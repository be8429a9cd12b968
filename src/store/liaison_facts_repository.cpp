#include "trellis/store/liaison_facts_repository.h"

#include <string_view>

#include "trellis/store/database.h"

namespace trellis::store {
namespace {

std::optional<Date> optionalDate(const Statement& st, int col) {
  if (st.isNull(col)) return std::nullopt;
  return Date::parse(st.textView(col));
}

void bindIfUsed(Statement& st, const char* name, const std::string& value) {
  if (int idx = st.parameterIndex(name)) st.bind(idx, value);
}

}  // namespace

std::vector<PortfolioEntry> LiaisonFactsRepository::portfolio(Connection& c, std::int64_t officer_id, const Date& today) {
  auto st = c.prepare(
      "SELECT e.id, e.uscc, e.name, e.region_code, e.contact_phone, substr(a.assigned_at, 1, 10), "
      " (SELECT max(m.tier = 'key') FROM pool_membership m WHERE m.enterprise_id = e.id AND m.entered_on <= :today "
      "    AND (m.exited_on IS NULL OR m.exited_on > :today)), "
      " (SELECT min(m.entered_on) FROM pool_membership m WHERE m.enterprise_id = e.id AND m.entered_on <= :today "
      "    AND (m.exited_on IS NULL OR m.exited_on > :today)), "
      " k.contact_date, k.next_contact_due "
      "FROM liaison_assignment a JOIN enterprise e ON e.id = a.enterprise_id "
      "LEFT JOIN liaison_contact k ON k.id = (SELECT id FROM liaison_contact WHERE enterprise_id = e.id "
      "    AND contact_date <= :today ORDER BY contact_date DESC, id DESC LIMIT 1) "
      "WHERE a.officer_id = :officer AND a.ended_at IS NULL AND e.archived = 0 ORDER BY e.id");
  st.bind(st.parameterIndex(":today"), today.toString());
  st.bind(st.parameterIndex(":officer"), officer_id);
  std::vector<PortfolioEntry> out;
  while (st.step()) {
    PortfolioEntry p;
    p.enterprise_id = st.int64(0);
    p.uscc = st.text(1);
    p.name = st.text(2);
    p.region_code = st.text(3);
    p.contact_phone = st.text(4);
    p.assigned_on = Date::parse(st.textView(5)).value_or(today);
    if (!st.isNull(6)) p.tier = st.int64(6) ? "key" : "long_term";
    p.pool_entered_on = optionalDate(st, 7);
    p.last_contact = optionalDate(st, 8);
    p.last_next_contact_due = optionalDate(st, 9);
    out.push_back(std::move(p));
  }
  return out;
}

namespace {

// Every fact for enterprises in `region` ("" = the whole city) over [from, to], each row handed to
// the RegionFacts that `route` names for the enterprise's region (one or several: the city's and
// its region's), so one read can fill every region's facts exactly as a read per region would.
template <typename Route>
void readRegionFacts(Connection& c, const std::string& region, const Date& from, const Date& to, Route route) {
  const std::string from_s = from.toString(), to_s = to.toString();
  {
    auto st = c.prepare(
        "SELECT m.enterprise_id, e.region_code, max(m.tier = 'key'), min(m.entered_on) "
        "FROM pool_membership m JOIN enterprise e ON e.id = m.enterprise_id "
        "WHERE m.entered_on <= :to AND (m.exited_on IS NULL OR m.exited_on > :to) AND e.archived = 0 "
        "  AND (:region = '' OR e.region_code = :region) "
        "GROUP BY m.enterprise_id ORDER BY m.enterprise_id");
    bindIfUsed(st, ":to", to_s);
    bindIfUsed(st, ":region", region);
    while (st.step()) {
      MemberFact m{st.int64(0), st.text(1), st.int64(2) ? "key" : "long_term", Date::parse(st.textView(3)).value_or(to)};
      for (RegionFacts* f : route(m.region_code)) f->members.push_back(m);
    }
    st.reset();
  }
  {
    // Active on `to`: assigned on or before it and not ended by it (a same-day reassignment
    // counts for the new officer).
    auto st = c.prepare(
        "SELECT a.enterprise_id, a.officer_id, u.login, u.display_name, e.region_code FROM liaison_assignment a "
        "JOIN enterprise e ON e.id = a.enterprise_id JOIN app_user u ON u.id = a.officer_id "
        "WHERE substr(a.assigned_at, 1, 10) <= :to AND (a.ended_at IS NULL OR substr(a.ended_at, 1, 10) > :to) "
        "  AND (:region = '' OR e.region_code = :region) ORDER BY a.id");
    bindIfUsed(st, ":to", to_s);
    bindIfUsed(st, ":region", region);
    while (st.step()) {
      for (RegionFacts* f : route(st.textView(4))) {
        f->officer_of[st.int64(0)] = st.int64(1);
        f->officer_login[st.int64(1)] = st.text(2);
        f->officer_name[st.int64(1)] = st.text(3);
      }
    }
    st.reset();
  }
  {
    auto st = c.prepare(
        "SELECT k.enterprise_id, k.contact_date, e.region_code FROM liaison_contact k "
        "JOIN enterprise e ON e.id = k.enterprise_id "
        "WHERE k.contact_date <= :to AND (:region = '' OR e.region_code = :region) "
        "ORDER BY k.enterprise_id, k.contact_date");
    bindIfUsed(st, ":to", to_s);
    bindIfUsed(st, ":region", region);
    while (st.step()) {
      if (auto d = Date::parse(st.textView(1)))
        for (RegionFacts* f : route(st.textView(2))) f->contact_dates[st.int64(0)].push_back(*d);
    }
    st.reset();
  }
  {
    auto st = c.prepare(
        "SELECT p.id, p.enterprise_id, p.raised_on, p.satisfaction, ev.on_date, ev.to_status, e.region_code "
        "FROM liaison_problem p JOIN enterprise e ON e.id = p.enterprise_id "
        "LEFT JOIN liaison_problem_event ev ON ev.problem_id = p.id "
        "WHERE p.raised_on BETWEEN :from AND :to AND (:region = '' OR e.region_code = :region) "
        "ORDER BY p.id, ev.id");
    bindIfUsed(st, ":from", from_s);
    bindIfUsed(st, ":to", to_s);
    bindIfUsed(st, ":region", region);
    while (st.step()) {
      std::int64_t id = st.int64(0);
      for (RegionFacts* f : route(st.textView(6))) {
        if (f->problems.empty() || f->problems.back().id != id) {
          ProblemFact p;
          p.id = id;
          p.enterprise_id = st.int64(1);
          p.raised_on = Date::parse(st.textView(2)).value_or(from);
          if (auto s = st.optionalInt64(3)) p.satisfaction = static_cast<int>(*s);
          f->problems.push_back(std::move(p));
        }
        if (!st.isNull(4))
          if (auto d = Date::parse(st.textView(4))) f->problems.back().events.emplace_back(*d, st.text(5));
      }
    }
    st.reset();
  }
}

}  // namespace

RegionFacts LiaisonFactsRepository::regionFacts(Connection& c, const std::string& region, const Date& from,
                                                const Date& to) {
  RegionFacts f;
  const std::vector<RegionFacts*> only = {&f};
  readRegionFacts(c, region, from, to, [&](std::string_view) -> const std::vector<RegionFacts*>& { return only; });
  return f;
}

std::map<std::string, RegionFacts> LiaisonFactsRepository::everyRegionFacts(Connection& c,
                                                                           const std::vector<std::string>& regions,
                                                                           const Date& from, const Date& to) {
  std::map<std::string, RegionFacts> out;
  RegionFacts& city = out[""];
  std::map<std::string, std::vector<RegionFacts*>, std::less<>> routes;
  for (const auto& code : regions) routes[code] = {&city, &out[code]};
  const std::vector<RegionFacts*> city_only = {&city};
  readRegionFacts(c, "", from, to, [&](std::string_view code) -> const std::vector<RegionFacts*>& {
    auto it = routes.find(code);
    return it == routes.end() ? city_only : it->second;
  });
  return out;
}

}  // namespace trellis::store
