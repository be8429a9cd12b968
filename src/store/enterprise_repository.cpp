#include "trellis/store/enterprise_repository.h"

#include <algorithm>

#include "trellis/core/text.h"
#include "trellis/core/uscc.h"
#include "trellis/store/database.h"

namespace trellis::store {
namespace {

using domain::Enterprise;

constexpr std::string_view kColumns =
    "e.id, e.uscc, e.uscc_checksum_override, e.name, e.aliases, e.region_code, e.industry, "
    "e.founded_on, e.address, e.legal_representative, e.contact_phone, e.tags, e.archived, "
    "e.created_at, e.updated_at, e.version";

Enterprise readRow(const Statement& st) {
  Enterprise e;
  e.id = st.int64(0);
  e.uscc = st.text(1);
  e.uscc_checksum_override = st.int64(2) != 0;
  e.name = st.text(3);
  e.aliases = text::split(st.textView(4), '\n');
  e.region_code = st.text(5);
  e.industry = st.text(6);
  if (!st.isNull(7)) e.founded_on = Date::parse(st.textView(7));
  e.address = st.text(8);
  e.legal_representative = st.text(9);
  e.contact_phone = st.text(10);
  e.tags = text::split(st.textView(11), '\n');
  e.archived = st.int64(12) != 0;
  e.created_at = st.text(13);
  e.updated_at = st.text(14);
  e.version = st.int64(15);
  return e;
}

void writeGrams(Connection& c, std::int64_t id, const Enterprise& e) {
  std::vector<std::string> grams;
  for (const auto& part : text::split(searchTextOf(e), '\n')) {
    auto g = text::bigrams(part);
    grams.insert(grams.end(), g.begin(), g.end());
  }
  std::sort(grams.begin(), grams.end());
  grams.erase(std::unique(grams.begin(), grams.end()), grams.end());
  auto ins = c.prepare("INSERT INTO enterprise_gram(gram, enterprise_id) VALUES (?1, ?2)");
  for (const auto& g : grams) {
    ins.reset();
    ins.bind(1, g).bind(2, id).run();
  }
}

void writeTags(Connection& c, std::int64_t id, const Enterprise& e) {
  auto ins = c.prepare("INSERT OR IGNORE INTO enterprise_tag(tag, enterprise_id) VALUES (?1, ?2)");
  for (const auto& t : e.tags) {
    ins.reset();
    ins.bind(1, t).bind(2, id).run();
  }
}

std::optional<std::string> foundedText(const Enterprise& e) {
  if (!e.founded_on) return std::nullopt;
  return e.founded_on->toString();
}

// True when q could be the start of a USCC (only code characters, any case).
bool looksLikeUsccPrefix(std::string_view q) {
  if (q.size() < 2 || q.size() > 18) return false;
  for (char ch : q) {
    char up = (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
    if (!uscc::isCodeCharacter(up)) return false;
  }
  return true;
}

}  // namespace

std::string searchTextOf(const Enterprise& e) {
  std::string s = text::foldCase(e.name);
  for (const auto& a : e.aliases) {
    s += '\n';
    s += text::foldCase(a);
  }
  return s;
}

std::optional<Enterprise> EnterpriseRepository::findByUscc(Connection& c, std::string_view uscc) {
  static const std::string sql = "SELECT " + std::string(kColumns) + " FROM enterprise e WHERE e.uscc = ?1";
  auto st = c.prepare(sql);
  st.bind(1, uscc);
  if (!st.step()) return std::nullopt;
  Enterprise e = readRow(st);
  return e;
}

std::vector<Enterprise> EnterpriseRepository::findByRegisteredName(Connection& c, std::string_view name, int limit) {
  // The gram index narrows the scan (every name and alias has its grams there); the comparison
  // itself is exact: the name, or one whole line of the aliases.
  std::vector<std::string> grams = text::bigrams(name);
  std::string sql = "SELECT " + std::string(kColumns) +
                    " FROM enterprise e WHERE e.archived = 0 AND (e.name = ?1 OR "
                    "instr(char(10) || e.aliases || char(10), char(10) || ?1 || char(10)) > 0)";
  if (!grams.empty()) sql += " AND e.id IN (SELECT enterprise_id FROM enterprise_gram WHERE gram = ?3)";
  sql += " ORDER BY e.id LIMIT ?2";
  auto st = c.prepare(sql);
  st.bind(1, std::string(name)).bind(2, limit);
  if (!grams.empty()) st.bind(3, grams.front());
  std::vector<Enterprise> out;
  while (st.step()) out.push_back(readRow(st));
  return out;
}

std::int64_t EnterpriseRepository::insert(Connection& c, const Enterprise& e) {
  auto st = c.prepare(
      "INSERT INTO enterprise(uscc, uscc_checksum_override, name, aliases, region_code, industry, "
      "founded_on, address, legal_representative, contact_phone, tags, archived, created_at, "
      "updated_at, version, search_text) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,1,?15)");
  st.bind(1, e.uscc).bind(2, e.uscc_checksum_override ? 1 : 0).bind(3, e.name)
      .bind(4, text::join(e.aliases, '\n')).bind(5, e.region_code).bind(6, e.industry)
      .bind(7, foundedText(e)).bind(8, e.address).bind(9, e.legal_representative)
      .bind(10, e.contact_phone).bind(11, text::join(e.tags, '\n')).bind(12, e.archived ? 1 : 0)
      .bind(13, e.created_at).bind(14, e.updated_at).bind(15, searchTextOf(e));
  st.run();
  std::int64_t id = c.lastInsertRowid();
  writeTags(c, id, e);
  writeGrams(c, id, e);
  return id;
}

bool EnterpriseRepository::update(Connection& c, const Enterprise& before, const Enterprise& after) {
  // Only the columns that changed are written: SQLite rewrites an index entry whenever its column
  // is SET, even to the same value, and every page written is WAL traffic on a durable commit.
  struct Column {
    const char* assignment;
    bool changed;
  };
  bool search_changed = after.name != before.name || after.aliases != before.aliases;
  bool tags_changed = after.tags != before.tags;
  const Column columns[] = {
      {"uscc_checksum_override=:override", after.uscc_checksum_override != before.uscc_checksum_override},
      {"name=:name", after.name != before.name},
      {"aliases=:aliases", after.aliases != before.aliases},
      {"region_code=:region", after.region_code != before.region_code},
      {"industry=:industry", after.industry != before.industry},
      {"founded_on=:founded", after.founded_on != before.founded_on},
      {"address=:address", after.address != before.address},
      {"legal_representative=:legal", after.legal_representative != before.legal_representative},
      {"contact_phone=:phone", after.contact_phone != before.contact_phone},
      {"tags=:tags", tags_changed},
      {"archived=:archived", after.archived != before.archived},
      {"search_text=:search", search_changed},
  };
  std::string sql = "UPDATE enterprise SET updated_at=:updated, version=:version";
  for (const auto& col : columns)
    if (col.changed) sql += std::string(", ") + col.assignment;
  sql += " WHERE id=:id AND version=:expected";
  auto st = c.prepare(sql);
  auto bindText = [&](const char* name, const std::string& v) {
    if (int i = st.parameterIndex(name)) st.bind(i, v);
  };
  auto bindInt = [&](const char* name, std::int64_t v) {
    if (int i = st.parameterIndex(name)) st.bind(i, v);
  };
  bindInt(":id", after.id);
  bindInt(":expected", before.version);
  bindInt(":version", after.version);
  bindText(":updated", after.updated_at);
  bindInt(":override", after.uscc_checksum_override ? 1 : 0);
  bindText(":name", after.name);
  bindText(":aliases", text::join(after.aliases, '\n'));
  bindText(":region", after.region_code);
  bindText(":industry", after.industry);
  if (int i = st.parameterIndex(":founded")) st.bind(i, foundedText(after));
  bindText(":address", after.address);
  bindText(":legal", after.legal_representative);
  bindText(":phone", after.contact_phone);
  bindText(":tags", text::join(after.tags, '\n'));
  bindInt(":archived", after.archived ? 1 : 0);
  bindText(":search", searchTextOf(after));
  st.run();
  if (c.changes() != 1) return false;
  if (search_changed) {
    c.prepare("DELETE FROM enterprise_gram WHERE enterprise_id = ?1 AND gram IN "
              "(SELECT gram FROM enterprise_gram WHERE enterprise_id = ?1)")
        .bind(1, after.id).run();
    writeGrams(c, after.id, after);
  }
  if (tags_changed) {
    c.prepare("DELETE FROM enterprise_tag WHERE enterprise_id = ?1 AND tag IN "
              "(SELECT tag FROM enterprise_tag WHERE enterprise_id = ?1)")
        .bind(1, after.id).run();
    writeTags(c, after.id, after);
  }
  return true;
}

void EnterpriseRepository::appendHistory(Connection& c, std::int64_t enterprise_id, std::int64_t version,
                                         std::string_view change, std::string_view at,
                                         std::string_view snapshot_json) {
  c.prepare("INSERT INTO enterprise_history(enterprise_id, version, change, changed_at, snapshot) "
            "VALUES (?1, ?2, ?3, ?4, ?5)")
      .bind(1, enterprise_id).bind(2, version).bind(3, change).bind(4, at).bind(5, snapshot_json).run();
}

std::int64_t EnterpriseRepository::count(Connection& c) {
  auto st = c.prepare("SELECT count(*) FROM enterprise");
  std::int64_t n = st.step() ? st.int64(0) : 0;
  return n;
}

EnterprisePage EnterpriseRepository::list(Connection& c, const EnterpriseFilter& f) {
  // The SQL is assembled from fixed fragments only; every value is a bound named parameter.
  std::string folded_q = text::foldCase(f.q);
  std::vector<std::string> grams = text::bigrams(folded_q);
  bool by_uscc = !f.q.empty() && looksLikeUsccPrefix(f.q);
  bool plain_order = f.sort == EnterpriseSort::id && !f.descending;
  // A designation valid on :today (rules::Ladder LV1–LV3 on the stored ends_on).
  static const std::string valid_designation =
      "d.enterprise_id = e.id AND d.starts_on <= :today AND d.ends_on >= :today"
      " AND (d.revoked_on IS NULL OR d.revoked_on > :today)"
      " AND NOT EXISTS (SELECT 1 FROM designation x WHERE x.corrects_id = d.id)";
  // `+d.stage`: the join on stage must not pick designation_by_stage, which makes every row scan
  // all designations of each stage (a 200k-row export took minutes); the rows are one
  // enterprise's, found by designation_by_enterprise.
  static const std::string rung_place =
      "coalesce((SELECT max(r.value) FROM designation d JOIN json_each(:ranks) r ON r.key = +d.stage WHERE " +
      valid_designation + "), -1)";
  std::string select = "SELECT " + std::string(kColumns) + ", " + rung_place +
                       " AS rung_place, (SELECT group_concat(pm.pool, char(10)) FROM pool_membership pm"
                       " WHERE pm.enterprise_id = e.id AND pm.exited_on IS NULL) AS open_pools";
  std::string from = " FROM enterprise e";
  std::string where = plain_order ? " WHERE e.id > :after" : " WHERE 1";
  std::string key;  // the sort key's expression
  switch (f.sort) {
    case EnterpriseSort::id: key = "e.id"; break;
    case EnterpriseSort::name: key = "e.name"; break;
    case EnterpriseSort::created: key = "e.created_at"; break;
    case EnterpriseSort::region: key = "e.region_code"; break;
    case EnterpriseSort::rung: key = "rung_place"; break;
  }
  const char* dir = f.descending ? " DESC" : "";
  std::string order = " ORDER BY " + key + dir + (f.sort == EnterpriseSort::id ? "" : ", e.id" + std::string(dir));
  if (!f.q.empty()) {
    if (by_uscc) {
      // Alphanumeric text may be a code prefix or a Latin fragment of a name: either matches.
      where += " AND (instr(e.search_text, :q) > 0 OR (e.uscc >= :p AND e.uscc < :p || 'Z'))";
    } else if (plain_order) {
      // Drive from the gram index in id order so LIMIT stops the scan early; instr() confirms
      // the whole fragment when it is longer than one gram.
      from = " FROM enterprise_gram g JOIN enterprise e ON e.id = g.enterprise_id";
      where = " WHERE g.gram = :g AND g.enterprise_id > :after AND instr(e.search_text, :q) > 0";
      order = " ORDER BY g.enterprise_id";
    } else {
      where += " AND e.id IN (SELECT enterprise_id FROM enterprise_gram WHERE gram = :g) AND instr(e.search_text, :q) > 0";
    }
  }
  if (!f.region.empty()) where += " AND e.region_code = :region";
  if (!f.industry.empty()) where += " AND e.industry = :industry";
  if (!f.tag.empty())
    where += " AND EXISTS (SELECT 1 FROM enterprise_tag t WHERE t.tag = :tag AND t.enterprise_id = e.id)";
  if (!f.include_archived) where += " AND e.archived = 0";
  where += f.scope.where("e.region_code", "e.id");
  if (!f.pool.empty())
    where += " AND EXISTS (SELECT 1 FROM pool_membership pm WHERE pm.enterprise_id = e.id AND pm.pool = :pool"
             " AND pm.exited_on IS NULL)";
  if (!f.expiring_until.empty())
    where += " AND EXISTS (SELECT 1 FROM designation d WHERE " + valid_designation + " AND d.ends_on <= :until)";
  if (f.rung_place) where += " AND rung_place = :rung_place";
  std::string filters = where;  // without the keyset condition, for the total
  if (!plain_order && (f.sort == EnterpriseSort::id ? f.after_id != 0 : f.has_after)) {
    const char* cmp = f.descending ? " < " : " > ";
    if (f.sort == EnterpriseSort::id)
      where += std::string(" AND e.id") + cmp + ":after";
    else
      where += " AND (" + key + cmp + ":after_key OR (" + key + " = :after_key AND e.id" + cmp + ":after))";
  }

  // Stage ids come from config/ladder.json (checked identifiers), nothing to escape.
  std::string ranks_json = "{";
  for (size_t i = 0; i < f.rung_order.size(); ++i)
    ranks_json += (i ? ",\"" : "\"") + f.rung_order[i].first + "\":" + std::to_string(f.rung_order[i].second);
  ranks_json += "}";
  std::string prefix;
  for (char ch : f.q) prefix += (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;

  auto bindFilters = [&](Statement& st, std::int64_t after) {
    auto bindText = [&](const char* name, const std::string& value) {
      if (int idx = st.parameterIndex(name)) st.bind(idx, value);
    };
    if (int idx = st.parameterIndex(":after")) st.bind(idx, after);
    bindText(":q", folded_q);
    bindText(":p", prefix);
    bindText(":g", grams.empty() ? folded_q : grams.front());
    bindText(":region", f.region);
    bindText(":industry", f.industry);
    bindText(":tag", f.tag);
    bindText(":ranks", ranks_json);
    bindText(":today", f.today);
    bindText(":pool", f.pool);
    bindText(":until", f.expiring_until);
    f.scope.bind(st);
    if (int idx = st.parameterIndex(":rung_place")) st.bind(idx, static_cast<std::int64_t>(*f.rung_place));
    if (int idx = st.parameterIndex(":after_key")) {
      if (f.sort == EnterpriseSort::rung)
        st.bind(idx, static_cast<std::int64_t>(std::stoll(f.after_key)));
      else
        st.bind(idx, f.after_key);
    }
  };

  EnterprisePage page;
  auto st = c.prepare(select + from + where + order + " LIMIT :limit");
  bindFilters(st, f.after_id);
  st.bind(st.parameterIndex(":limit"), static_cast<std::int64_t>(f.limit) + 1);
  std::vector<std::string> keys;
  while (st.step()) {
    page.items.push_back(readRow(st));
    page.rung_places.push_back(static_cast<int>(st.int64(16)));
    page.pools.push_back(st.isNull(17) ? std::vector<std::string>{} : text::split(st.textView(17), '\n'));
    const Enterprise& e = page.items.back();
    switch (f.sort) {
      case EnterpriseSort::id: keys.push_back(std::to_string(e.id)); break;
      case EnterpriseSort::name: keys.push_back(e.name); break;
      case EnterpriseSort::created: keys.push_back(e.created_at); break;
      case EnterpriseSort::region: keys.push_back(e.region_code); break;
      case EnterpriseSort::rung: keys.push_back(std::to_string(page.rung_places.back())); break;
    }
  }
  st.reset();
  if (static_cast<int>(page.items.size()) > f.limit) {
    page.items.pop_back();
    page.rung_places.pop_back();
    page.pools.pop_back();
    page.next_after_id = page.items.back().id;
    page.next_after_key = keys[page.items.size() - 1];
  }
  if (f.want_total) {
    auto ct = c.prepare("SELECT count(*) FROM (" + select + from + filters + ")");
    bindFilters(ct, 0);
    page.total = ct.step() ? ct.int64(0) : 0;
    ct.reset();
  }
  return page;
}

}  // namespace trellis::store
