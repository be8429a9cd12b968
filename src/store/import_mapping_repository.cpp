#include "trellis/store/import_mapping_repository.h"

#include "trellis/store/database.h"

namespace trellis::store {
namespace {

constexpr const char* kColumns = "id, kind, header_signature, header, mapping, saved_by, saved_at";

SavedMappingRecord readMapping(const Statement& st) {
  SavedMappingRecord m;
  m.id = st.int64(0);
  m.kind = st.text(1);
  m.header_signature = st.text(2);
  m.header_json = st.text(3);
  m.mapping_json = st.text(4);
  m.saved_by = st.text(5);
  m.saved_at = st.text(6);
  return m;
}

}  // namespace

std::int64_t ImportMappingRepository::upsert(Connection& c, const SavedMappingRecord& m) {
  c.prepare(
       "INSERT INTO import_saved_mapping(kind, header_signature, header, mapping, saved_by, saved_at) "
       "VALUES (?1,?2,?3,?4,?5,?6) ON CONFLICT(kind, header_signature) DO UPDATE SET "
       "header = excluded.header, mapping = excluded.mapping, saved_by = excluded.saved_by, saved_at = excluded.saved_at")
      .bind(1, m.kind).bind(2, m.header_signature).bind(3, m.header_json).bind(4, m.mapping_json)
      .bind(5, m.saved_by).bind(6, m.saved_at).run();
  return findBySignature(c, m.kind, m.header_signature)->id;
}

std::optional<SavedMappingRecord> ImportMappingRepository::find(Connection& c, std::int64_t id) {
  auto st = c.prepare(std::string("SELECT ") + kColumns + " FROM import_saved_mapping WHERE id = ?1");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return readMapping(st);
}

std::optional<SavedMappingRecord> ImportMappingRepository::findBySignature(Connection& c, const std::string& kind,
                                                                           const std::string& header_signature) {
  auto st = c.prepare(std::string("SELECT ") + kColumns +
                      " FROM import_saved_mapping WHERE kind = ?1 AND header_signature = ?2");
  st.bind(1, kind).bind(2, header_signature);
  if (!st.step()) return std::nullopt;
  return readMapping(st);
}

std::vector<SavedMappingRecord> ImportMappingRepository::list(Connection& c, const std::string& kind, int limit) {
  auto st = c.prepare(std::string("SELECT ") + kColumns +
                      " FROM import_saved_mapping WHERE (?1 = '' OR kind = ?1) ORDER BY id DESC LIMIT ?2");
  st.bind(1, kind).bind(2, limit);
  std::vector<SavedMappingRecord> out;
  while (st.step()) out.push_back(readMapping(st));
  return out;
}

bool ImportMappingRepository::remove(Connection& c, std::int64_t id) {
  c.prepare("DELETE FROM import_saved_mapping WHERE id = ?1").bind(1, id).run();
  return c.changes() == 1;
}

}  // namespace trellis::store
