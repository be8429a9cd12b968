// The liaison_contact table: the contact log (走访台账) of each enterprise.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trellis/domain/liaison.h"
#include "trellis/store/list_scope.h"

namespace trellis::store {

class Connection;

struct ContactPage {
  std::vector<domain::Contact> items;
  std::optional<std::int64_t> next_after_id;  // the last item's id when more rows follow
};

struct ContactLogFilter {
  std::string region;                   // exact region code; empty = any in scope
  std::optional<Date> from, to;         // contact_date within [from, to]; unset = open
  std::int64_t after_id = 0;            // cursor: the id of the last row of the previous page
  int limit = 50;
};

struct ContactLogPage {
  std::vector<domain::ContactLogItem> items;
  std::optional<std::int64_t> next_after_id;
};

class ContactRepository {
 public:
  // Inserts c (id ignored); created_by_id 0 = the system. Returns the id.
  static std::int64_t insert(Connection& c, const domain::Contact& contact, std::int64_t created_by_id);
  // The enterprise's contacts, newest contact date first (ties: newest logged first). after_id:
  // a cursor, the id of the last contact of the previous page (0 = from the start).
  static ContactPage listForEnterprise(Connection& c, std::int64_t enterprise_id, std::int64_t after_id, int limit);
  // Contacts of every enterprise the scope lets through (archived enterprises included: the
  // visits happened), in the same order as listForEnterprise.
  static ContactLogPage listLog(Connection& c, const ListScope& scope, const ContactLogFilter& filter);
  static std::optional<domain::Contact> find(Connection& c, std::int64_t id);
  // The enterprise's contact of that date with exactly that summary (an import row logged
  // before), the lowest id when several.
  static std::optional<domain::Contact> findSame(Connection& c, std::int64_t enterprise_id, Date on,
                                                 const std::string& summary);
  // Deletes a contact no problem names; false when none was deleted.
  static bool remove(Connection& c, std::int64_t id);
};

}  // namespace trellis::store
