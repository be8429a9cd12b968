#include "trellis/store/ladder_repository.h"

#include "trellis/store/database.h"
#include "trellis/domain/indicator_fields.h"

namespace trellis::store {
namespace {

using domain::Designation;

constexpr std::string_view kDesignationColumns =
    "id, enterprise_id, stage, starts_on, ends_on, number, source, evidence, revoked_on, revocation_reason, "
    "revoked_by, corrects_id, recorded_by, recorded_at";

Date dateOf(const Statement& st, int column) { return Date::parse(st.textView(column)).value_or(Date()); }

std::optional<Date> optionalDate(const Statement& st, int column) {
  if (st.isNull(column)) return std::nullopt;
  return Date::parse(st.textView(column));
}

std::optional<bool> optionalBool(const Statement& st, int column) {
  if (st.isNull(column)) return std::nullopt;
  return st.int64(column) != 0;
}

std::optional<int> optionalInt(const Statement& st, int column) {
  if (st.isNull(column)) return std::nullopt;
  return static_cast<int>(st.int64(column));
}

std::optional<std::string> dateText(const std::optional<Date>& d) {
  return d ? std::optional<std::string>(d->toString()) : std::nullopt;
}

std::optional<std::int64_t> boolValue(const std::optional<bool>& b) {
  return b ? std::optional<std::int64_t>(*b ? 1 : 0) : std::nullopt;
}

DesignationRecord readDesignation(const Statement& st) {
  DesignationRecord r;
  Designation& d = r.designation;
  d.id = st.int64(0);
  r.enterprise_id = st.int64(1);
  d.stage = st.text(2);
  d.starts_on = dateOf(st, 3);
  d.ends_on = dateOf(st, 4);
  d.number = st.text(5);
  d.source = st.text(6);
  d.evidence = st.text(7);
  d.revoked_on = optionalDate(st, 8);
  d.revocation_reason = st.text(9);
  r.revoked_by = st.optionalText(10).value_or("");
  d.corrects_id = st.optionalInt64(11);
  r.recorded_by = st.text(12);
  r.recorded_at = st.text(13);
  return r;
}

std::string indicatorSelect() {
  std::string sql = "SELECT year";
  for (const auto& col : domain::indicatorIntFields()) sql += std::string(", ") + col.name;
  for (const auto& col : domain::indicatorBoolFields()) sql += std::string(", ") + col.name;
  return sql + ", updated_by, updated_at, version FROM yearly_indicators WHERE enterprise_id = ?1";
}

domain::YearlyIndicators readIndicators(const Statement& st, int* next_column) {
  domain::YearlyIndicators v;
  v.year = static_cast<int>(st.int64(0));
  int i = 1;
  for (const auto& col : domain::indicatorIntFields()) col.get(v) = st.optionalInt64(i++);
  for (const auto& col : domain::indicatorBoolFields()) col.get(v) = optionalBool(st, i++);
  if (next_column) *next_column = i;
  return v;
}

}  // namespace

std::vector<DesignationRecord> LadderRepository::designations(Connection& c, std::int64_t enterprise_id) {
  auto st = c.prepare("SELECT " + std::string(kDesignationColumns) +
                       " FROM designation WHERE enterprise_id = ?1 ORDER BY starts_on, id");
  st.bind(1, enterprise_id);
  std::vector<DesignationRecord> out;
  while (st.step()) out.push_back(readDesignation(st));
  return out;
}

std::optional<DesignationRecord> LadderRepository::designation(Connection& c, std::int64_t id) {
  auto st = c.prepare("SELECT " + std::string(kDesignationColumns) + " FROM designation WHERE id = ?1");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return readDesignation(st);
}

std::int64_t LadderRepository::insertDesignation(Connection& c, const DesignationRecord& r) {
  const Designation& d = r.designation;
  auto st = c.prepare(
      "INSERT INTO designation(enterprise_id, stage, starts_on, ends_on, number, source, evidence, corrects_id, "
      "recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  st.bind(1, r.enterprise_id).bind(2, d.stage).bind(3, d.starts_on.toString());
  st.bind(4, d.ends_on.value_or(d.starts_on).toString()).bind(5, d.number).bind(6, d.source).bind(7, d.evidence);
  st.bind(8, d.corrects_id).bind(9, r.recorded_by).bind(10, r.recorded_at);
  st.run();
  return c.lastInsertRowid();
}

bool LadderRepository::revokeDesignation(Connection& c, std::int64_t id, Date revoked_on, const std::string& reason,
                                         const std::string& by) {
  auto st = c.prepare(
      "UPDATE designation SET revoked_on = ?2, revocation_reason = ?3, revoked_by = ?4 "
      "WHERE id = ?1 AND revoked_on IS NULL");
  st.bind(1, id).bind(2, revoked_on.toString()).bind(3, reason).bind(4, by);
  st.run();
  return c.changes() == 1;
}

std::optional<IndicatorsRow> LadderRepository::indicators(Connection& c, std::int64_t enterprise_id, int year) {
  auto st = c.prepare(indicatorSelect() + " AND year = ?2");
  st.bind(1, enterprise_id).bind(2, year);
  if (!st.step()) return std::nullopt;
  IndicatorsRow row;
  int i = 0;
  row.values = readIndicators(st, &i);
  row.updated_by = st.text(i);
  row.updated_at = st.text(i + 1);
  row.version = st.int64(i + 2);
  return row;
}

std::vector<domain::YearlyIndicators> LadderRepository::allIndicators(Connection& c, std::int64_t enterprise_id) {
  auto st = c.prepare(indicatorSelect() + " ORDER BY year");
  st.bind(1, enterprise_id);
  std::vector<domain::YearlyIndicators> out;
  while (st.step()) out.push_back(readIndicators(st, nullptr));
  return out;
}

std::int64_t LadderRepository::putIndicators(Connection& c, std::int64_t enterprise_id,
                                             const domain::YearlyIndicators& v, const std::string& by,
                                             const std::string& at) {
  std::string names = "enterprise_id, year", params = "?1, ?2", updates;
  int n = 2;
  auto add = [&](const char* name) {
    names += std::string(", ") + name;
    params += ", ?" + std::to_string(++n);
    updates += std::string(updates.empty() ? "" : ", ") + name + " = excluded." + name;
  };
  for (const auto& col : domain::indicatorIntFields()) add(col.name);
  for (const auto& col : domain::indicatorBoolFields()) add(col.name);
  add("updated_by");
  add("updated_at");
  std::string sql = "INSERT INTO yearly_indicators(" + names + ") VALUES (" + params +
                    ") ON CONFLICT(enterprise_id, year) DO UPDATE SET " + updates +
                    ", version = yearly_indicators.version + 1 RETURNING version";
  auto st = c.prepare(sql);
  st.bind(1, enterprise_id).bind(2, v.year);
  int i = 3;
  domain::YearlyIndicators copy = v;
  for (const auto& col : domain::indicatorIntFields()) st.bind(i++, col.get(copy));
  for (const auto& col : domain::indicatorBoolFields()) st.bind(i++, boolValue(col.get(copy)));
  st.bind(i++, by);
  st.bind(i++, at);
  st.step();
  std::int64_t version = st.int64(0);
  return version;
}

bool LadderRepository::deleteIndicators(Connection& c, std::int64_t enterprise_id, int year) {
  auto st = c.prepare("DELETE FROM yearly_indicators WHERE enterprise_id = ?1 AND year = ?2");
  st.bind(1, enterprise_id).bind(2, year);
  st.step();
  return c.changes() > 0;
}

std::optional<domain::HnteExpertScores> LadderRepository::expertScores(Connection& c, std::int64_t enterprise_id,
                                                                       int year, std::string* note) {
  auto st = c.prepare(
      "SELECT ip_quality, results_transfer, rd_management, growth_net_assets, growth_sales, note "
      "FROM hnte_expert_score WHERE enterprise_id = ?1 AND year = ?2");
  st.bind(1, enterprise_id).bind(2, year);
  if (!st.step()) return std::nullopt;
  domain::HnteExpertScores s{optionalInt(st, 0), optionalInt(st, 1), optionalInt(st, 2), optionalInt(st, 3),
                             optionalInt(st, 4)};
  if (note) *note = st.text(5);
  return s;
}

void LadderRepository::putExpertScores(Connection& c, std::int64_t enterprise_id, int year,
                                       const domain::HnteExpertScores& s, const std::string& note,
                                       const std::string& by, const std::string& at) {
  auto st = c.prepare(
      "INSERT OR REPLACE INTO hnte_expert_score(enterprise_id, year, ip_quality, results_transfer, rd_management, "
      "growth_net_assets, growth_sales, note, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  st.bind(1, enterprise_id).bind(2, year).bind(3, s.ip_quality).bind(4, s.results_transfer).bind(5, s.rd_management);
  st.bind(6, s.growth_net_assets).bind(7, s.growth_sales).bind(8, note).bind(9, by).bind(10, at);
  st.run();
}

LadderFacts LadderRepository::facts(Connection& c, std::int64_t enterprise_id) {
  auto st = c.prepare(
      "SELECT resident_audited_taxpayer, industry_allowed, clean_record, core_tech_in_key_fields, "
      "provincial_rd_institution, national_award_top3_on, led_standard_on FROM ladder_facts WHERE enterprise_id = ?1");
  st.bind(1, enterprise_id);
  LadderFacts f;
  if (!st.step()) return f;
  f.resident_audited_taxpayer = optionalBool(st, 0);
  f.industry_allowed = optionalBool(st, 1);
  f.clean_record = optionalBool(st, 2);
  f.core_tech_in_key_fields = optionalBool(st, 3);
  f.provincial_rd_institution = optionalBool(st, 4);
  f.national_award_top3_on = optionalDate(st, 5);
  f.led_standard_on = optionalDate(st, 6);
  return f;
}

void LadderRepository::putFacts(Connection& c, std::int64_t enterprise_id, const LadderFacts& f,
                                const std::string& by, const std::string& at) {
  auto st = c.prepare(
      "INSERT OR REPLACE INTO ladder_facts(enterprise_id, resident_audited_taxpayer, industry_allowed, clean_record, "
      "core_tech_in_key_fields, provincial_rd_institution, national_award_top3_on, led_standard_on, updated_by, "
      "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  st.bind(1, enterprise_id).bind(2, boolValue(f.resident_audited_taxpayer)).bind(3, boolValue(f.industry_allowed));
  st.bind(4, boolValue(f.clean_record)).bind(5, boolValue(f.core_tech_in_key_fields));
  st.bind(6, boolValue(f.provincial_rd_institution)).bind(7, dateText(f.national_award_top3_on));
  st.bind(8, dateText(f.led_standard_on)).bind(9, by).bind(10, at);
  st.run();
}

}  // namespace trellis::store
