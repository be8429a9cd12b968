#include "trellis/service/enterprise_service.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "trellis/auth/policy.h"
#include "trellis/core/error.h"
#include "trellis/core/text.h"
#include "trellis/core/uscc.h"
#include "trellis/domain/pool.h"
#include "trellis/domain/registered_name.h"
#include "trellis/io/cursor.h"
#include "trellis/service/text_field.h"
#include "trellis/service/scope.h"
#include "trellis/store/liaison_repository.h"

namespace trellis::service {
namespace {

using domain::Enterprise;

constexpr size_t kMaxName = 100, kMaxAlias = 50, kMaxTag = 30, kMaxAddress = 200, kMaxPerson = 50;
constexpr size_t kMaxQuery = 50;

void checkText(const std::string& value, const char* field, size_t max_len, bool required) {
  checkTextField(value, field, max_len, required);
}

void checkList(const std::vector<std::string>& items, const char* field, size_t max_len) {
  for (const auto& item : items) {
    checkText(item, field, max_len, true);
  }
}

// A registered name's or alias's characters (domain/registered_name.h), after checkText refused
// the invisible ones.
void checkNameCharacters(const std::string& value, const char* field) {
  auto bad = domain::firstNonNameCharacter(value);
  if (!bad) return;
  auto cp = text::codePoints(value)[*bad];
  throw Error(errc::name_charset, std::string(field) + " may hold Chinese characters, letters, digits, spaces and ()（）·-& only; '" +
                           std::string(cp) + "' (" + text::codePointName(text::decode(cp)) + ") at character " +
                           std::to_string(*bad + 1) + " is not allowed", field);
}

// The history snapshot: the same document as the API's, written without building a JSON tree
// (an edit is on the durable write path).
std::string snapshot(const Enterprise& e) { return io::enterpriseJsonText(e, false); }

// What changed, for the audit trail, field by field: {field: [before, after]}; on creation every
// field with null before. Bookkeeping (timestamps, version) is left out.
std::string changesOf(const std::optional<Enterprise>& before, const Enterprise& after) {
  nlohmann::json out = nlohmann::json::object();
  auto field = [&](const char* name, auto value_of) {
    nlohmann::json now = value_of(after);
    nlohmann::json was = before ? value_of(*before) : nlohmann::json(nullptr);
    if (was != now) out[name] = nlohmann::json::array({std::move(was), std::move(now)});
  };
  field("address", [](const Enterprise& e) { return nlohmann::json(e.address); });
  field("aliases", [](const Enterprise& e) { return nlohmann::json(e.aliases); });
  field("archived", [](const Enterprise& e) { return nlohmann::json(e.archived); });
  field("contact_phone", [](const Enterprise& e) { return nlohmann::json(e.contact_phone); });
  field("founded_on", [](const Enterprise& e) {
    return e.founded_on ? nlohmann::json(e.founded_on->toString()) : nlohmann::json(nullptr);
  });
  field("industry", [](const Enterprise& e) { return nlohmann::json(e.industry); });
  field("legal_representative", [](const Enterprise& e) { return nlohmann::json(e.legal_representative); });
  field("name", [](const Enterprise& e) { return nlohmann::json(e.name); });
  field("region", [](const Enterprise& e) { return nlohmann::json(e.region_code); });
  field("tags", [](const Enterprise& e) { return nlohmann::json(e.tags); });
  field("uscc", [](const Enterprise& e) { return nlohmann::json(e.uscc); });
  field("uscc_checksum_override", [](const Enterprise& e) { return nlohmann::json(e.uscc_checksum_override); });
  return out.dump();
}

}  // namespace

EnterpriseService::EnterpriseService(const Context& ctx, const domain::Catalog& catalog, const rules::Ladder& ladder)
    : ctx_(ctx), catalog_(catalog), ladder_(ladder), scope_(ctx) {}


bool EnterpriseService::masksPhoneFor(const Caller& caller) {
  return !(auth::seesPhoneNumbers(caller.role) || caller.role == domain::Role::system);
}

std::string EnterpriseService::normalisedUscc(std::string_view raw) const { return uscc::parse(raw).code; }

void EnterpriseService::validateValues(const Enterprise& e) const {
  checkText(e.name, "name", kMaxName, true);
  checkNameCharacters(e.name, "name");
  if (!domain::hasChineseIdeograph(e.name)) throw Error(errc::name_not_chinese, "name must be the Chinese registered name", "name");
  checkList(e.aliases, "aliases", kMaxAlias);
  for (const auto& alias : e.aliases) checkNameCharacters(alias, "aliases");
  checkList(e.tags, "tags", kMaxTag);
  checkText(e.address, "address", kMaxAddress, false);
  checkText(e.legal_representative, "legal_representative", kMaxPerson, false);
  if (e.region_code.empty()) throw Error(errc::required, "region is required", "region");
  if (!catalog_.findRegion(e.region_code))
    throw Error(errc::unknown_region, "region '" + e.region_code + "' is not configured (GET /api/v1/regions)", "region");
  if (!e.industry.empty() && !catalog_.findIndustry(e.industry))
    throw Error(errc::unknown_industry, "industry '" + e.industry + "' is not a configured industry chain", "industry");
  if (e.founded_on && *e.founded_on > ctx_.today())
    throw Error(errc::date_in_future, "founded_on is in the future", "founded_on");
  if (e.contact_phone.size() > 20) throw Error(errc::too_long, "contact_phone is longer than 20 characters", "contact_phone");
  for (char c : e.contact_phone) {
    bool ok = (c >= '0' && c <= '9') || c == '-' || c == '+' || c == ' ';
    if (!ok) throw Error(errc::invalid_phone, "contact_phone may hold digits, '+', '-' and spaces only", "contact_phone");
  }
  if (!e.contact_phone.empty() && !plausiblePhone(e.contact_phone))
    throw Error(errc::invalid_phone, "contact_phone must be a mobile number (1[3-9] and 9 digits, +86 allowed) or a landline with "
                         "its area code (0374-1234567, extension after a second '-')", "contact_phone");
}

// A mobile number 1[3-9]xxxxxxxxx (optionally +86 / 86 first), or a landline 0 + 2–3 digit area
// code, an optional '-', 7–8 digits and an optional '-' extension of 1–6 digits. Spaces are ignored.
bool EnterpriseService::plausiblePhone(std::string_view text) {
  std::string p;
  for (char c : text)
    if (c != ' ') p += c;
  auto digits = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  std::string_view v(p);
  if (v.substr(0, 3) == "+86") v.remove_prefix(3);
  else if (v.size() == 13 && v.substr(0, 2) == "86") v.remove_prefix(2);
  if (v.size() == 11 && v[0] == '1' && v[1] >= '3' && v[1] <= '9' && digits(v)) return true;
  if (p.empty() || p[0] != '0') return false;
  std::string_view l(p);
  std::string_view ext;
  auto last = l.rfind('-');
  auto first = l.find('-');
  if (first != std::string_view::npos && last != first) {  // area-number-extension
    ext = l.substr(last + 1);
    l = l.substr(0, last);
    if (!digits(ext) || ext.size() > 6) return false;
  }
  auto dash = l.find('-');
  if (dash != std::string_view::npos) {
    std::string_view area = l.substr(0, dash), number = l.substr(dash + 1);
    return digits(area) && area.size() >= 3 && area.size() <= 4 && digits(number) && number.size() >= 7 &&
           number.size() <= 8;
  }
  // No separator: area code and number run together (0374 + 7–8 digits, 010 + 8 digits).
  return digits(l) && l.size() >= 10 && l.size() <= 12;
}

Enterprise EnterpriseService::validated(const io::EnterpriseDraft& d) const {
  if (d.uscc.empty()) throw Error(errc::required, "uscc (统一社会信用代码) is required", "uscc");
  auto parsed = uscc::parse(d.uscc);
  if (!parsed.checksum_ok && !d.uscc_checksum_override) {
    throw Error(errc::uscc_checksum, std::string("统一社会信用代码 check character is '") + parsed.code[17] + "', expected '" +
                             parsed.expected_check + "'; send \"uscc_checksum_override\": true to register it anyway", "uscc")
        .withDetails(nlohmann::json{{"expected_check_character", std::string(1, parsed.expected_check)}}.dump());
  }
  Enterprise e;
  e.uscc = parsed.code;
  e.uscc_checksum_override = !parsed.checksum_ok;  // stored only when it was actually needed
  e.name = std::string(text::trim(d.name));
  e.aliases = d.aliases;
  e.region_code = d.region_code;
  e.industry = d.industry;
  if (d.founded_on) {
    e.founded_on = Date::parse(*d.founded_on);
    if (!e.founded_on) throw Error(errc::invalid_date, "founded_on must be a date YYYY-MM-DD", "founded_on");
  }
  e.address = d.address;
  e.legal_representative = d.legal_representative;
  e.contact_phone = d.contact_phone;
  e.tags = d.tags;
  validateValues(e);
  return e;
}

EnterpriseView EnterpriseService::create(const Caller& caller, const io::EnterpriseDraft& draft) {
  Enterprise e = validated(draft);
  if (!caller.canSeeRegion(e.region_code)) {
    ctx_.audit.recordRefusal(caller, "enterprise.create", enterpriseObject(e), "denied", "region out of scope");
    throw Error(errc::forbidden, "you may register enterprises only in your own region");
  }
  e.created_at = e.updated_at = ctx_.now();
  e.version = 1;
  // A code registered outside the caller's scope: the registrar must learn that it cannot
  // register it, but not where or under what name it is (issue 8 §4). Roles that may not
  // register (viewer, liaison) were refused by the access gate before any lookup.
  std::optional<Enterprise> elsewhere;
  try {
  ctx_.db.write([&](store::Connection& c) {
    if (auto existing = store::EnterpriseRepository::findByUscc(c, e.uscc)) {
      if (!Scope(caller).sees(c, *existing)) {
        elsewhere = *existing;
        throw Error(errc::uscc_registered_elsewhere, "", "uscc");  // rolls back; answered below
      }
      nlohmann::json details = {{"existing",
                                 {{"uscc", existing->uscc},
                                  {"name", existing->name},
                                  {"location", "/api/v1/enterprises/" + existing->uscc}}}};
      throw Error(errc::uscc_exists, "an enterprise with 统一社会信用代码 " + e.uscc + " is already registered", "uscc")
          .withDetails(details.dump());
    }
    e.id = store::EnterpriseRepository::insert(c, e);
    store::EnterpriseRepository::appendHistory(c, e.id, e.version, "create", e.created_at, snapshot(e));
    ctx_.audit.record(c, caller, "enterprise.create", enterpriseObject(e), changesOf(std::nullopt, e));
  });
  } catch (const Error&) {
    if (!elsewhere) throw;
    ctx_.audit.recordRefusal(caller, "enterprise.create", enterpriseObject(*elsewhere), "denied", "registered outside the caller's scope");
    throw Error(errc::uscc_registered_elsewhere, "this 统一社会信用代码 is already registered outside your region; ask the bureau (市科技局) to "
                          "move the enterprise or to register this change", "uscc");
  }
  return EnterpriseView{e, masksPhoneFor(caller)};
}

Enterprise EnterpriseService::check(const Caller& caller, const io::EnterpriseDraft& draft) const {
  Enterprise e = validated(draft);
  if (!caller.canSeeRegion(e.region_code))
    throw Error(errc::forbidden, "you may register enterprises only in your own region");
  return e;
}

std::size_t EnterpriseService::createMany(const Caller& caller, const std::vector<io::EnterpriseDraft>& drafts) {
  std::vector<Enterprise> rows;
  rows.reserve(drafts.size());
  std::string now = ctx_.now();
  for (const auto& d : drafts) {
    rows.push_back(validated(d));
    if (!caller.canSeeRegion(rows.back().region_code))
      throw Error(errc::forbidden, "you may register enterprises only in your own region");
    rows.back().created_at = rows.back().updated_at = now;
  }
  ctx_.db.write([&](store::Connection& c) {
    for (auto& e : rows) {
      e.id = store::EnterpriseRepository::insert(c, e);
      store::EnterpriseRepository::appendHistory(c, e.id, 1, "create", now, snapshot(e));
    }
    ctx_.audit.record(c, caller, "enterprise.bulk_create", AuditObject{"enterprise", "", ""},
                  nlohmann::json{{"count", rows.size()}}.dump());
  });
  return rows.size();
}

Enterprise EnterpriseService::insertOn(store::Connection& c, const Caller& caller, Enterprise e) const {
  e.created_at = e.updated_at = ctx_.now();
  e.version = 1;
  e.archived = false;
  e.id = store::EnterpriseRepository::insert(c, e);
  store::EnterpriseRepository::appendHistory(c, e.id, e.version, "create", e.created_at, snapshot(e));
  ctx_.audit.record(c, caller, "enterprise.create", enterpriseObject(e), changesOf(std::nullopt, e));
  return e;
}

Enterprise EnterpriseService::replaceOn(store::Connection& c, const Caller& caller, const Enterprise& found, Enterprise e,
                                        const std::string& change) const {
  e.id = found.id;
  e.uscc = found.uscc;
  e.created_at = found.created_at;
  e.version = found.version + 1;
  e.updated_at = ctx_.now();
  if (!store::EnterpriseRepository::update(c, found, e))
    throw Error(errc::stale_version, "the enterprise changed during the import; check the batch again", "version");
  store::EnterpriseRepository::appendHistory(c, e.id, e.version, change, e.updated_at, snapshot(e));
  std::string action = change == "archive" ? "enterprise.archive" : change == "restore" ? "enterprise.restore" : "enterprise.update";
  ctx_.audit.record(c, caller, action, enterpriseObject(e), changesOf(found, e));
  return e;
}

EnterpriseView EnterpriseService::get(const Caller& caller, std::string_view raw) {
  std::string code = normalisedUscc(raw);
  std::optional<Enterprise> found;
  bool can_see = false;
  // One lookup, plus the assignment check for liaison officers; no snapshot is needed across them.
  ctx_.db.readAutocommit([&](store::Connection& c) {
    found = store::EnterpriseRepository::findByUscc(c, code);
    can_see = found && Scope(caller).sees(c, *found);
  });
  // Out of scope reads exactly like absent, so existence does not leak (API1): the same error,
  // and the same audit write for both, so neither answers faster (EnterpriseScope).
  if (found && !can_see) ctx_.audit.recordRefusal(caller, "enterprise.read", enterpriseObject(*found), "denied", "out of scope");
  if (!found) ctx_.audit.recordRefusal(caller, "enterprise.read", AuditObject{"enterprise", code, ""}, "invalid", "absent");
  if (!can_see) throw EnterpriseScope::enterpriseNotFound();
  return EnterpriseView{*found, masksPhoneFor(caller)};
}

EnterpriseView EnterpriseService::update(const Caller& caller, std::string_view raw, const io::EnterprisePatch& p,
                                     std::optional<std::int64_t> version) {
  std::string code = normalisedUscc(raw);
  if (p.version && version && *p.version != *version)
    throw Error(errc::version_mismatch, "If-Match and the body's version disagree", "version");
  if (!version) version = p.version;
  if (!version)
    throw Error(errc::version_required, 
                "send the version you read, in If-Match or as \"version\", so edits are never silently overwritten", 
                "version");
  Enterprise result;
  scope_.write(caller, code, "enterprise.update", [&](store::Connection& c, const Enterprise& found) {
    Enterprise e = found;
    if (e.version != *version) {
      throw Error(errc::stale_version, "the enterprise changed since version " + std::to_string(*version) +
                                "; reload (current version " + std::to_string(e.version) + ") and edit again", "version")
          .withDetails(nlohmann::json{{"current_version", e.version}}.dump());
    }
    if (p.name) e.name = std::string(text::trim(*p.name));
    if (p.aliases) e.aliases = *p.aliases;
    if (p.region_code) e.region_code = *p.region_code;
    if (p.industry) e.industry = *p.industry;
    if (p.founded_on) {
      if (!*p.founded_on) {
        e.founded_on.reset();
      } else {
        e.founded_on = Date::parse(**p.founded_on);
        if (!e.founded_on) throw Error(errc::invalid_date, "founded_on must be a date YYYY-MM-DD", "founded_on");
      }
    }
    if (p.address) e.address = *p.address;
    if (p.legal_representative) e.legal_representative = *p.legal_representative;
    if (p.contact_phone) e.contact_phone = *p.contact_phone;
    if (p.tags) e.tags = *p.tags;
    if (p.uscc_checksum_override) {
      bool checksum_ok = uscc::parse(e.uscc).checksum_ok;
      if (!*p.uscc_checksum_override && !checksum_ok)
        throw Error(errc::uscc_checksum, "the stored code has a wrong check character; the override cannot be removed", "uscc_checksum_override");
      e.uscc_checksum_override = *p.uscc_checksum_override && !checksum_ok;
    }
    validateValues(e);
    if (!caller.canSeeRegion(e.region_code))
      throw Error(errc::region_out_of_scope, "you may not move an enterprise out of your region", "region");
    e.version = found.version + 1;
    e.updated_at = ctx_.now();
    if (!store::EnterpriseRepository::update(c, found, e))
      throw Error(errc::stale_version, "the enterprise changed during the edit; reload and edit again", "version");
    store::EnterpriseRepository::appendHistory(c, e.id, e.version, "update", e.updated_at, snapshot(e));
    ctx_.audit.record(c, caller, "enterprise.update", enterpriseObject(e), changesOf(found, e));
    result = e;
  });
  return EnterpriseView{result, masksPhoneFor(caller)};
}

Enterprise EnterpriseService::setArchived(const Caller& caller, std::string_view raw, bool archived) {
  std::string code = normalisedUscc(raw);
  const char* action = archived ? "enterprise.archive" : "enterprise.restore";
  Enterprise result;
  scope_.write(caller, code, action, [&](store::Connection& c, const Enterprise& found) {
    Enterprise e = found;
    if (e.archived == archived) {  // idempotent: archiving an archived enterprise changes nothing
      result = e;
      return;
    }
    e.archived = archived;
    e.version += 1;
    e.updated_at = ctx_.now();
    if (!store::EnterpriseRepository::update(c, found, e))
      throw Error(errc::stale_version, "the enterprise changed during the edit; retry", "version");
    store::EnterpriseRepository::appendHistory(c, e.id, e.version, archived ? "archive" : "restore", e.updated_at,
                                               snapshot(e));
    ctx_.audit.record(c, caller, action, enterpriseObject(e), changesOf(found, e));
    result = e;
  });
  return result;
}

EnterpriseView EnterpriseService::archive(const Caller& caller, std::string_view uscc) {
  return EnterpriseView{setArchived(caller, uscc, true), masksPhoneFor(caller)};
}
EnterpriseView EnterpriseService::restore(const Caller& caller, std::string_view uscc) {
  return EnterpriseView{setArchived(caller, uscc, false), masksPhoneFor(caller)};
}

std::string EnterpriseService::revealPhone(const Caller& caller, std::string_view raw) {
  std::string code = normalisedUscc(raw);
  std::string phone;
  scope_.write(caller, code, "enterprise.reveal_phone", [&](store::Connection& c, const Enterprise& e) {
    phone = e.contact_phone;
    ctx_.audit.record(c, caller, "enterprise.reveal_phone", enterpriseObject(e));
  });
  return phone;
}

store::EnterpriseFilter EnterpriseService::filterFor(const Caller& caller, const ListQuery& q) const {
  store::EnterpriseFilter f;
  f.scope = Scope(caller).listFilter();
  f.region = q.region;
  f.industry = q.industry;
  f.tag = q.tag;
  f.include_archived = q.include_archived;
  f.want_total = q.want_total;
  if (!q.region.empty() && !catalog_.findRegion(q.region))
    throw Error(errc::unknown_region, "region '" + q.region + "' is not configured", "region");
  if (!q.industry.empty() && !catalog_.findIndustry(q.industry))
    throw Error(errc::unknown_industry, "industry '" + q.industry + "' is not configured", "industry");
  std::string query(text::trim(q.q));
  if (!query.empty()) {
    if (!text::isValidUtf8(query)) throw Error(errc::invalid_utf8, "q is not valid UTF-8", "q");
    size_t n = text::length(query);
    if (n < 2) throw Error(errc::too_short, "q needs at least 2 characters (e.g. 许继)", "q");
    if (n > kMaxQuery) throw Error(errc::too_long, "q is longer than 50 characters", "q");
  }
  f.q = query;

  // The ladder position: each stage's place in the ladder's order (rank, ties by config order),
  // so the highest place held is rules::Ladder::positionOn's top.
  Date today = ctx_.today();
  f.today = today.toString();
  std::vector<std::string> order;
  for (const auto& st : ladder_.config().stages) order.push_back(st.id);
  std::stable_sort(order.begin(), order.end(),
                   [&](const std::string& a, const std::string& b) { return ladder_.rank(a) < ladder_.rank(b); });
  for (size_t i = 0; i < order.size(); ++i) f.rung_order.emplace_back(order[i], static_cast<int>(i));
  if (!q.rung.empty()) {
    if (q.rung == "none") {
      f.rung_place = -1;
    } else {
      auto it = std::find(order.begin(), order.end(), q.rung);
      if (it == order.end())
        throw Error(errc::unknown_stage, "rung '" + q.rung + "' is not a stage of the ladder (GET /api/v1/ladder/stages) or 'none'", "rung");
      f.rung_place = static_cast<int>(it - order.begin());
    }
  }
  if (!q.pool.empty()) {
    if (!domain::findPool(q.pool))
      throw Error(errc::unknown_pool, "pool '" + q.pool + "' is not a reserve pool (GET /api/v1/pools)", "pool");
    f.pool = q.pool;
  }
  if (q.designation_expiring_within) {
    if (*q.designation_expiring_within < 0 || *q.designation_expiring_within > 3660)
      throw Error(errc::out_of_range, "designation_expiring_within must be 0..3660 days", "designation_expiring_within");
    f.expiring_until = today.addDays(*q.designation_expiring_within).toString();
  }
  static const std::pair<const char*, store::EnterpriseSort> sorts[] = {
      {"name", store::EnterpriseSort::name},
      {"created", store::EnterpriseSort::created},
      {"region", store::EnterpriseSort::region},
      {"rung", store::EnterpriseSort::rung}};
  if (!q.sort.empty()) {
    auto it = std::find_if(std::begin(sorts), std::end(sorts), [&](const auto& p) { return q.sort == p.first; });
    if (it == std::end(sorts))
      throw Error(errc::unknown_sort, "sort must be one of name, created, region, rung", "sort");
    f.sort = it->second;
  }
  if (!q.order.empty() && q.order != "asc" && q.order != "desc")
    throw Error(errc::unknown_order, "order must be asc or desc", "order");
  f.descending = q.order == "desc";
  return f;
}

ListResult EnterpriseService::list(const Caller& caller, const ListQuery& q) {
  store::EnterpriseFilter f = filterFor(caller, q);
  f.limit = ctx_.pageLimit(q.limit);
  // Registration order ascending keeps the plain cursor (c1.); every other order has a keyset
  // cursor naming its sort and direction, so a cursor cannot be replayed against another order.
  bool plain = f.sort == store::EnterpriseSort::id && !f.descending;
  std::string sort_name = q.sort.empty() ? "id" : q.sort;
  std::string order_name = f.descending ? "desc" : "asc";
  if (!q.cursor.empty()) {
    bool sorted_cursor = io::isSortedCursor(q.cursor);
    if (sorted_cursor != !plain)
      throw Error(errc::cursor_mismatch, "cursor was made for another sort or order; start again without it", "cursor");
    if (plain) {
      f.after_id = io::decodeCursor(q.cursor);
    } else {
      io::SortedCursor c = io::decodeSortedCursor(q.cursor);
      if (c.sort != sort_name || c.order != order_name)
        throw Error(errc::cursor_mismatch, "cursor was made for sort=" + c.sort + "&order=" + c.order + "; start again without it", "cursor");
      if (f.sort == store::EnterpriseSort::rung &&
          (c.key.empty() || c.key.size() > 4 || c.key.find_first_not_of("-0123456789") != std::string::npos))
        throw Error(errc::invalid_cursor, "cursor is not one this server issued", "cursor");
      f.has_after = true;
      f.after_id = c.id;
      f.after_key = c.key;
    }
  }
  store::EnterprisePage page;
  ctx_.db.read([&](store::Connection& c) { page = store::EnterpriseRepository::list(c, f); });
  ListResult r;
  r.items = std::move(page.items);
  r.total = page.total;
  for (size_t i = 0; i < r.items.size(); ++i) {
    int place = page.rung_places[i];
    r.rungs.push_back(place >= 0 && place < static_cast<int>(f.rung_order.size()) ? f.rung_order[static_cast<size_t>(place)].first
                                                                                   : std::string());
    std::vector<std::string> pools;
    for (const auto& def : domain::pools())
      if (std::find(page.pools[i].begin(), page.pools[i].end(), def.id) != page.pools[i].end()) pools.emplace_back(def.id);
    r.pools.push_back(std::move(pools));
  }
  if (page.next_after_id) {
    r.next_cursor = plain ? io::encodeCursor(*page.next_after_id)
                          : io::encodeSortedCursor({sort_name, order_name, page.next_after_key, *page.next_after_id});
  }
  r.phone_masked = masksPhoneFor(caller);
  return r;
}

std::vector<domain::Column> EnterpriseService::exportColumns() {
  using domain::CellType;
  return {{"uscc", "统一社会信用代码", CellType::text},
          {"name", "企业名称", CellType::text},
          {"region", "区划代码", CellType::text},
          {"region_name", "所属县区", CellType::text},
          {"industry", "产业链", CellType::text},
          {"rung", "当前梯度", CellType::text},
          {"pools", "所在后备库", CellType::text},
          {"founded_on", "成立日期", CellType::date},
          {"legal_representative", "法定代表人", CellType::text},
          {"contact_phone", "联系电话", CellType::text},
          {"address", "地址", CellType::text},
          {"tags", "标签", CellType::text},
          {"aliases", "曾用名/简称", CellType::text},
          {"created_at", "登记时间", CellType::text},
          {"archived", "已归档", CellType::text}};
}

std::int64_t EnterpriseService::exportList(const Caller& caller, const ListQuery& q, domain::TableSink& sink) {
  constexpr int kBatch = 500;
  store::EnterpriseFilter f = filterFor(caller, q);
  f.limit = kBatch;
  f.want_total = false;
  bool masked = masksPhoneFor(caller);
  auto joined = [](const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : "、") + item;
    return out;
  };
  std::int64_t written = 0;
  ctx_.db.read([&](store::Connection& c) {
    store::EnterpriseFilter counting = f;
    counting.limit = 1;
    counting.want_total = true;
    std::int64_t total = store::EnterpriseRepository::list(c, counting).total.value_or(0);
    ctx_.checkExportTotal(total, "narrow the filters (region, rung, pool …)");
    sink.beginSheet("企业名单", exportColumns());
    for (;;) {
      store::EnterprisePage page = store::EnterpriseRepository::list(c, f);
      for (size_t i = 0; i < page.items.size(); ++i) {
        const Enterprise& e = page.items[i];
        const domain::Region* region = catalog_.findRegion(e.region_code);
        const domain::Industry* industry = e.industry.empty() ? nullptr : catalog_.findIndustry(e.industry);
        int place = page.rung_places[i];
        std::string rung;
        if (place >= 0 && place < static_cast<int>(f.rung_order.size()))
          if (const auto* stage = ladder_.findStage(f.rung_order[static_cast<size_t>(place)].first)) rung = stage->name_zh;
        std::vector<std::string> pools;
        for (const auto& def : domain::pools())
          if (std::find(page.pools[i].begin(), page.pools[i].end(), def.id) != page.pools[i].end()) pools.emplace_back(def.name_zh);
        domain::Row row;
        row.emplace_back(e.uscc);
        row.emplace_back(e.name);
        row.emplace_back(e.region_code);
        row.emplace_back(region ? region->name : e.region_code);
        row.emplace_back(industry ? industry->name : e.industry);
        row.emplace_back(rung);
        row.emplace_back(joined(pools));
        if (e.founded_on)
          row.emplace_back(*e.founded_on);
        else
          row.emplace_back(std::monostate{});
        row.emplace_back(e.legal_representative);
        row.emplace_back(masked ? io::maskPhone(e.contact_phone) : e.contact_phone);
        row.emplace_back(e.address);
        row.emplace_back(joined(e.tags));
        row.emplace_back(joined(e.aliases));
        row.emplace_back(e.created_at);
        row.emplace_back(std::string(e.archived ? "是" : "否"));
        sink.row(row);
        ++written;
      }
      if (!page.next_after_id) break;
      f.has_after = true;
      f.after_id = *page.next_after_id;
      f.after_key = page.next_after_key;
    }
  });
  return written;
}

}  // namespace trellis::service
