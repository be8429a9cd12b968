#include "trellis/store/contact_repository.h"

#include "trellis/core/text.h"
#include "trellis/store/database.h"

namespace trellis::store {
namespace {

domain::Contact readRow(const Statement& st) {
  domain::Contact ct;
  ct.id = st.int64(0);
  ct.enterprise_id = st.int64(1);
  ct.officer_id = st.optionalInt64(2);
  ct.officer_login = st.optionalText(3).value_or("");
  ct.contact_date = Date::parse(st.textView(4)).value_or(Date());
  ct.mode = st.text(5);
  ct.met_with = st.text(6);
  ct.attendees = st.text(7);
  ct.summary = st.text(8);
  ct.policies_explained = text::split(st.textView(9), '\n');
  ct.flag = st.text(10);
  if (!st.isNull(11)) ct.next_contact_due = Date::parse(st.textView(11));
  ct.created_by = st.text(12);
  ct.created_at = st.text(13);
  return ct;
}

constexpr const char* kSelect =
    "SELECT k.id, k.enterprise_id, k.officer_id, u.login, k.contact_date, k.mode, k.met_with, k.attendees, "
    "k.summary, k.policies_explained, k.flag, k.next_contact_due, k.created_by, k.created_at "
    "FROM liaison_contact k LEFT JOIN app_user u ON u.id = k.officer_id ";

}  // namespace

std::int64_t ContactRepository::insert(Connection& c, const domain::Contact& ct, std::int64_t created_by_id) {
  auto st = c.prepare(
      "INSERT INTO liaison_contact(enterprise_id, officer_id, contact_date, mode, met_with, attendees, summary, "
      "policies_explained, flag, next_contact_due, created_by_id, created_by, created_at) "
      "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)");
  std::optional<std::string> next_due;
  if (ct.next_contact_due) next_due = ct.next_contact_due->toString();
  std::optional<std::int64_t> by;
  if (created_by_id) by = created_by_id;
  st.bind(1, ct.enterprise_id).bind(2, ct.officer_id).bind(3, ct.contact_date.toString()).bind(4, ct.mode)
      .bind(5, ct.met_with).bind(6, ct.attendees).bind(7, ct.summary).bind(8, text::join(ct.policies_explained, '\n'))
      .bind(9, ct.flag).bind(10, next_due).bind(11, by).bind(12, ct.created_by).bind(13, ct.created_at);
  st.run();
  return c.lastInsertRowid();
}

ContactPage ContactRepository::listForEnterprise(Connection& c, std::int64_t enterprise_id, std::int64_t after_id,
                                                 int limit) {
  // Keyset pagination on (contact_date, id) descending; the cursor names the last row seen.
  auto st = c.prepare(std::string(kSelect) +
      "WHERE k.enterprise_id = :e AND (:after = 0 OR (k.contact_date, k.id) < "
      "(SELECT contact_date, id FROM liaison_contact WHERE id = :after)) "
      "ORDER BY k.contact_date DESC, k.id DESC LIMIT :limit");
  st.bind(st.parameterIndex(":e"), enterprise_id);
  st.bind(st.parameterIndex(":after"), after_id);
  st.bind(st.parameterIndex(":limit"), static_cast<std::int64_t>(limit) + 1);
  ContactPage page;
  while (st.step()) page.items.push_back(readRow(st));
  st.reset();
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next_after_id = page.items.back().id;
  }
  return page;
}

ContactLogPage ContactRepository::listLog(Connection& c, const ListScope& scope, const ContactLogFilter& f) {
  auto st = c.prepare(
      "SELECT k.id, k.enterprise_id, k.officer_id, u.login, k.contact_date, k.mode, k.met_with, k.attendees, "
      "k.summary, k.policies_explained, k.flag, k.next_contact_due, k.created_by, k.created_at, "
      "e.uscc, e.name, e.region_code, u.display_name "
      "FROM liaison_contact k JOIN enterprise e ON e.id = k.enterprise_id "
      "LEFT JOIN app_user u ON u.id = k.officer_id "
      "WHERE (:region = '' OR e.region_code = :region) AND (:from = '' OR k.contact_date >= :from) "
      "AND (:to = '' OR k.contact_date <= :to) AND (:after = 0 OR (k.contact_date, k.id) < "
      "(SELECT contact_date, id FROM liaison_contact WHERE id = :after))" +
      scope.where("e.region_code", "e.id") + " ORDER BY k.contact_date DESC, k.id DESC LIMIT :limit");
  st.bind(st.parameterIndex(":region"), f.region);
  st.bind(st.parameterIndex(":from"), f.from ? f.from->toString() : std::string());
  st.bind(st.parameterIndex(":to"), f.to ? f.to->toString() : std::string());
  st.bind(st.parameterIndex(":after"), f.after_id);
  st.bind(st.parameterIndex(":limit"), static_cast<std::int64_t>(f.limit) + 1);
  scope.bind(st);
  ContactLogPage page;
  while (st.step()) {
    domain::ContactLogItem row;
    row.contact = readRow(st);
    row.uscc = st.text(14);
    row.enterprise_name = st.text(15);
    row.region_code = st.text(16);
    row.officer_name = st.optionalText(17).value_or("");
    page.items.push_back(std::move(row));
  }
  st.reset();
  if (static_cast<int>(page.items.size()) > f.limit) {
    page.items.pop_back();
    page.next_after_id = page.items.back().contact.id;
  }
  return page;
}

std::optional<domain::Contact> ContactRepository::find(Connection& c, std::int64_t id) {
  auto st = c.prepare(std::string(kSelect) + "WHERE k.id = ?1");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return readRow(st);
}

std::optional<domain::Contact> ContactRepository::findSame(Connection& c, std::int64_t enterprise_id, Date on,
                                                           const std::string& summary) {
  auto st = c.prepare(std::string(kSelect) +
                      "WHERE k.enterprise_id = ?1 AND k.contact_date = ?2 AND k.summary = ?3 ORDER BY k.id LIMIT 1");
  st.bind(1, enterprise_id).bind(2, on.toString()).bind(3, summary);
  if (!st.step()) return std::nullopt;
  return readRow(st);
}

bool ContactRepository::remove(Connection& c, std::int64_t id) {
  auto st = c.prepare(
      "DELETE FROM liaison_contact WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM liaison_problem WHERE contact_id = ?1)");
  st.bind(1, id);
  st.run();
  return c.changes() == 1;
}

}  // namespace trellis::store
