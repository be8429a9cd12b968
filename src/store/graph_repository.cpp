#include "trellis/store/graph_repository.h"

#include "trellis/core/error.h"
#include "trellis/store/database.h"

namespace trellis::store {
namespace {

using domain::GraphNode;
using domain::NodeKind;

// Enterprise nodes take name, region and industry from the enterprise row (never copied).
constexpr std::string_view kNodeColumns =
    "n.id, n.kind, n.enterprise_id, CASE WHEN n.kind = 'enterprise' THEN e.name ELSE n.name END, "
    "CASE WHEN n.kind = 'enterprise' THEN e.region_code ELSE n.region_code END, "
    "COALESCE(e.industry, ''), COALESCE(e.uscc, ''), n.fields, n.created_by, n.created_at, n.updated_at, "
    "n.version, n.removed_at, COALESCE(e.archived, 0)";
constexpr std::string_view kNodeFrom = " FROM graph_node n LEFT JOIN enterprise e ON e.id = n.enterprise_id";

GraphNodeRow readNode(const Statement& st) {
  GraphNodeRow r;
  GraphNode& n = r.node;
  n.id = st.int64(0);
  auto kind = domain::parseNodeKind(st.textView(1));
  // The table's CHECK allows only known kinds: another one is a damaged file, not a platform.
  if (!kind) throw Error(errc::internal, "graph_node " + std::to_string(n.id) + " has an unknown kind");
  n.kind = *kind;
  n.enterprise_id = st.optionalInt64(2);
  n.name = st.text(3);
  n.region_code = st.isNull(4) ? std::string() : st.text(4);
  if (n.kind == NodeKind::enterprise) n.industry = st.text(5);
  r.uscc = st.text(6);
  r.fields_json = st.text(7);
  r.created_by = st.text(8);
  r.created_at = st.text(9);
  r.updated_at = st.text(10);
  r.version = st.int64(11);
  r.removed_at = st.optionalText(12);
  n.archived = n.kind == NodeKind::enterprise && st.int64(13) != 0;
  return r;
}

constexpr std::string_view kLinkColumns =
    "id, kind, from_node, to_node, valid_from, valid_until, note, recorded_by, recorded_at, ended_by, ended_at, version";

GraphLinkRow readLink(const Statement& st) {
  GraphLinkRow r;
  auto& l = r.link;
  l.id = st.int64(0);
  l.kind = st.text(1);
  l.from = st.int64(2);
  l.to = st.int64(3);
  l.valid_from = Date::parse(st.textView(4)).value_or(Date());
  if (!st.isNull(5)) l.valid_until = Date::parse(st.textView(5));
  l.note = st.text(6);
  l.recorded_by = st.text(7);
  r.recorded_at = st.text(8);
  r.ended_by = st.optionalText(9);
  r.ended_at = st.optionalText(10);
  r.version = st.int64(11);
  return r;
}

std::string likeEscaped(const std::string& q) {
  std::string out;
  for (char ch : q) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  return out;
}

}  // namespace

std::vector<GraphNodeRow> GraphRepository::liveNodes(Connection& c, std::int64_t after_id) {
  auto st = c.prepare("SELECT " + std::string(kNodeColumns) + std::string(kNodeFrom) +
                      " WHERE n.removed_at IS NULL AND n.id > ?1 ORDER BY n.id");
  st.bind(1, after_id);
  std::vector<GraphNodeRow> out;
  while (st.step()) out.push_back(readNode(st));
  return out;
}

std::vector<GraphNodeRow> GraphRepository::liveNodesOfKinds(Connection& c, const std::vector<domain::NodeKind>& kinds) {
  std::string list;
  for (auto k : kinds) list += std::string(list.empty() ? "'" : ",'") + domain::nodeKindName(k) + "'";
  if (list.empty()) return {};
  // Kind names come from domain::nodeKindName: fixed identifiers, nothing to escape.
  auto st = c.prepare("SELECT " + std::string(kNodeColumns) + std::string(kNodeFrom) +
                      " WHERE n.removed_at IS NULL AND n.kind IN (" + list + ") ORDER BY n.id");
  std::vector<GraphNodeRow> out;
  while (st.step()) out.push_back(readNode(st));
  return out;
}

std::vector<domain::GraphLink> GraphRepository::liveLinks(Connection& c, domain::LinkId after_id) {
  auto st = c.prepare("SELECT " + std::string(kLinkColumns) +
                      " FROM graph_link l WHERE l.id > ?1 AND NOT EXISTS (SELECT 1 FROM graph_node n WHERE n.id IN "
                      "(l.from_node, l.to_node) AND n.removed_at IS NOT NULL) ORDER BY id");
  st.bind(1, after_id);
  std::vector<domain::GraphLink> out;
  while (st.step()) out.push_back(readLink(st).link);
  return out;
}

std::optional<GraphNodeRow> GraphRepository::findNode(Connection& c, domain::NodeId id) {
  auto st = c.prepare("SELECT " + std::string(kNodeColumns) + std::string(kNodeFrom) + " WHERE n.id = ?1");
  st.bind(1, id);
  std::optional<GraphNodeRow> out;
  if (st.step()) out = readNode(st);
  return out;
}

std::optional<domain::NodeId> GraphRepository::enterpriseNode(Connection& c, std::int64_t enterprise_id) {
  auto st = c.prepare("SELECT id FROM graph_node WHERE enterprise_id = ?1");
  st.bind(1, enterprise_id);
  std::optional<domain::NodeId> out;
  if (st.step()) out = st.int64(0);
  return out;
}

std::vector<GraphNodeRow> GraphRepository::listNodes(Connection& c, const GraphNodeFilter& f) {
  // Fixed fragments only; every value is a bound named parameter.
  std::string where = " WHERE n.removed_at IS NULL AND n.id > :after";
  if (!f.kind.empty()) where += " AND n.kind = :kind";
  if (!f.region.empty())
    where += " AND (CASE WHEN n.kind = 'enterprise' THEN e.region_code ELSE n.region_code END) = :region";
  if (!f.q.empty())
    where += " AND (CASE WHEN n.kind = 'enterprise' THEN e.name ELSE n.name END) LIKE :q ESCAPE '\\'";
  auto st = c.prepare("SELECT " + std::string(kNodeColumns) + std::string(kNodeFrom) + where +
                      " ORDER BY n.id LIMIT :limit");
  auto bindText = [&](const char* name, const std::string& value) {
    if (int idx = st.parameterIndex(name)) st.bind(idx, value);
  };
  if (int idx = st.parameterIndex(":after")) st.bind(idx, f.after_id);
  bindText(":kind", f.kind);
  bindText(":region", f.region);
  bindText(":q", "%" + likeEscaped(f.q) + "%");
  if (int idx = st.parameterIndex(":limit")) st.bind(idx, static_cast<std::int64_t>(f.limit));
  std::vector<GraphNodeRow> out;
  while (st.step()) out.push_back(readNode(st));
  return out;
}

std::vector<GraphNodeRow> GraphRepository::nodesNamed(Connection& c, const std::string& kind, const std::string& name,
                                                      const std::string& region, int limit) {
  auto st = c.prepare("SELECT " + std::string(kNodeColumns) + std::string(kNodeFrom) +
                      " WHERE n.removed_at IS NULL AND n.kind = ?1 AND n.kind <> 'enterprise' AND n.name = ?2 "
                      "AND n.region_code = ?3 ORDER BY n.id LIMIT ?4");
  st.bind(1, kind).bind(2, name).bind(3, region).bind(4, static_cast<std::int64_t>(limit));
  std::vector<GraphNodeRow> out;
  while (st.step()) out.push_back(readNode(st));
  return out;
}

GraphChangeMarks GraphRepository::changeMarks(Connection& c) {
  auto st = c.prepare(
      "SELECT (SELECT COALESCE(max(id), 0) FROM graph_node), (SELECT COALESCE(max(id), 0) FROM graph_link), "
      "(SELECT COALESCE(max(seq), 0) FROM graph_enterprise_change)");
  st.step();
  return {st.int64(0), st.int64(1), st.int64(2)};
}

std::vector<GraphNodeRow> GraphRepository::enterpriseNodesChangedAfter(Connection& c, std::int64_t after_seq) {
  auto st = c.prepare("SELECT " + std::string(kNodeColumns) + std::string(kNodeFrom) +
                      " JOIN graph_enterprise_change g ON g.enterprise_id = n.enterprise_id WHERE g.seq > ?1 ORDER BY g.seq");
  st.bind(1, after_seq);
  std::vector<GraphNodeRow> out;
  while (st.step()) out.push_back(readNode(st));
  return out;
}

domain::NodeId GraphRepository::insertNode(Connection& c, const GraphNodeRow& row) {
  c.prepare("INSERT INTO graph_node(kind, name, region_code, fields, created_by, created_at, updated_at, version) "
            "VALUES (?1,?2,?3,?4,?5,?6,?7,1)")
      .bind(1, domain::nodeKindName(row.node.kind)).bind(2, row.node.name).bind(3, row.node.region_code)
      .bind(4, row.fields_json).bind(5, row.created_by).bind(6, row.created_at).bind(7, row.updated_at).run();
  return c.lastInsertRowid();
}

bool GraphRepository::updateNode(Connection& c, const GraphNodeRow& row, std::int64_t expected_version) {
  c.prepare("UPDATE graph_node SET name=?2, region_code=?3, fields=?4, updated_at=?5, version=?6 "
            "WHERE id=?1 AND version=?7 AND removed_at IS NULL AND kind <> 'enterprise'")
      .bind(1, row.node.id).bind(2, row.node.name).bind(3, row.node.region_code).bind(4, row.fields_json)
      .bind(5, row.updated_at).bind(6, row.version).bind(7, expected_version).run();
  return c.changes() == 1;
}

bool GraphRepository::removeNode(Connection& c, domain::NodeId id, std::int64_t expected_version, const std::string& at) {
  c.prepare("UPDATE graph_node SET removed_at=?2, updated_at=?2, version=version+1 "
            "WHERE id=?1 AND version=?3 AND removed_at IS NULL AND kind <> 'enterprise'")
      .bind(1, id).bind(2, at).bind(3, expected_version).run();
  return c.changes() == 1;
}

domain::LinkId GraphRepository::insertLink(Connection& c, const domain::GraphLink& l, const std::string& at) {
  std::optional<std::string> until;
  if (l.valid_until) until = l.valid_until->toString();
  c.prepare("INSERT INTO graph_link(kind, from_node, to_node, valid_from, valid_until, note, recorded_by, "
            "recorded_at, version) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,1)")
      .bind(1, l.kind).bind(2, l.from).bind(3, l.to).bind(4, l.valid_from.toString()).bind(5, until)
      .bind(6, l.note).bind(7, l.recorded_by).bind(8, at).run();
  return c.lastInsertRowid();
}

std::optional<GraphLinkRow> GraphRepository::findLink(Connection& c, domain::LinkId id) {
  auto st = c.prepare("SELECT " + std::string(kLinkColumns) + " FROM graph_link WHERE id = ?1");
  st.bind(1, id);
  std::optional<GraphLinkRow> out;
  if (st.step()) out = readLink(st);
  return out;
}

bool GraphRepository::endLink(Connection& c, domain::LinkId id, const Date& until, const std::string& by,
                              const std::string& at) {
  c.prepare("UPDATE graph_link SET valid_until=?2, ended_by=?3, ended_at=?4, version=version+1 "
            "WHERE id=?1 AND valid_until IS NULL")
      .bind(1, id).bind(2, until.toString()).bind(3, by).bind(4, at).run();
  return c.changes() == 1;
}

std::vector<std::int64_t> GraphRepository::poolMembersOn(Connection& c, const std::string& pool, const Date& on) {
  auto st = c.prepare(
      "SELECT DISTINCT enterprise_id FROM pool_membership WHERE (?1 = '' OR pool = ?1) AND entered_on <= ?2 "
      "AND (exited_on IS NULL OR exited_on > ?2) ORDER BY enterprise_id");
  st.bind(1, pool).bind(2, on.toString());
  std::vector<std::int64_t> out;
  while (st.step()) out.push_back(st.int64(0));
  return out;
}

bool GraphRepository::overlaps(Connection& c, const domain::GraphLink& l) {
  std::optional<std::string> until;
  if (l.valid_until) until = l.valid_until->toString();
  auto st = c.prepare(
      "SELECT 1 FROM graph_link WHERE kind = ?1 AND from_node = ?2 AND to_node = ?3 "
      "AND (?5 IS NULL OR valid_from < ?5) AND (valid_until IS NULL OR ?4 < valid_until) LIMIT 1");
  st.bind(1, l.kind).bind(2, l.from).bind(3, l.to).bind(4, l.valid_from.toString()).bind(5, until);
  return st.step();
}

bool GraphRepository::regionExists(Connection& c, const std::string& code) {
  auto st = c.prepare("SELECT 1 FROM region WHERE code = ?1");
  st.bind(1, code);
  return st.step();
}

std::vector<domain::NodeId> GraphRepository::assignedEnterpriseNodes(Connection& c, std::int64_t officer_id) {
  auto st = c.prepare(
      "SELECT n.id FROM liaison_assignment a JOIN graph_node n ON n.enterprise_id = a.enterprise_id "
      "WHERE a.officer_id = ?1 AND a.ended_at IS NULL ORDER BY n.id");
  st.bind(1, officer_id);
  std::vector<domain::NodeId> out;
  while (st.step()) out.push_back(st.int64(0));
  return out;
}

}  // namespace trellis::store
