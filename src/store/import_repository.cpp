#include "trellis/store/import_repository.h"

#include "trellis/store/database.h"

namespace trellis::store {
namespace {

constexpr const char* kBatchColumns =
    "id, kind, file_name, file_sha256, file_bytes, stored_path, sheet, encoding, uploaded_by, uploaded_by_id, "
    "region_scope, status, summary, rows_total, rows_new, rows_updated, rows_unchanged, rows_refused, "
    "rows_committed, rows_reverted, created_at, committed_at, committed_by, reverted_at, reverted_by";

ImportBatchRecord readBatch(const Statement& st) {
  ImportBatchRecord b;
  b.id = st.int64(0);
  b.kind = st.text(1);
  b.file_name = st.text(2);
  b.file_sha256 = st.text(3);
  b.file_bytes = st.int64(4);
  b.stored_path = st.text(5);
  b.sheet = st.text(6);
  b.encoding = st.text(7);
  b.uploaded_by = st.text(8);
  b.uploaded_by_id = st.int64(9);
  b.region_scope = st.text(10);
  b.status = st.text(11);
  b.summary = st.text(12);
  b.rows_total = st.int64(13);
  b.rows_new = st.int64(14);
  b.rows_updated = st.int64(15);
  b.rows_unchanged = st.int64(16);
  b.rows_refused = st.int64(17);
  b.rows_committed = st.int64(18);
  b.rows_reverted = st.int64(19);
  b.created_at = st.text(20);
  b.committed_at = st.optionalText(21);
  b.committed_by = st.optionalText(22);
  b.reverted_at = st.optionalText(23);
  b.reverted_by = st.optionalText(24);
  return b;
}

ImportRowRecord readRow(const Statement& st) {
  ImportRowRecord r;
  r.row_no = st.int64(0);
  r.status = st.text(1);
  r.record_key = st.text(2);
  r.base_version = st.optionalInt64(3);
  r.outcome_json = st.text(4);
  return r;
}

}  // namespace

std::int64_t ImportRepository::insertBatch(Connection& c, const ImportBatchRecord& b) {
  c.prepare(
       "INSERT INTO import_batch(kind, file_name, file_sha256, file_bytes, stored_path, sheet, encoding, uploaded_by, "
       "uploaded_by_id, region_scope, status, summary, rows_total, rows_new, rows_updated, rows_unchanged, "
       "rows_refused, created_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)")
      .bind(1, b.kind).bind(2, b.file_name).bind(3, b.file_sha256).bind(4, b.file_bytes).bind(5, b.stored_path)
      .bind(6, b.sheet).bind(7, b.encoding).bind(8, b.uploaded_by).bind(9, b.uploaded_by_id).bind(10, b.region_scope)
      .bind(11, b.status).bind(12, b.summary).bind(13, b.rows_total).bind(14, b.rows_new).bind(15, b.rows_updated)
      .bind(16, b.rows_unchanged).bind(17, b.rows_refused).bind(18, b.created_at).run();
  return c.lastInsertRowid();
}

void ImportRepository::setStoredPath(Connection& c, std::int64_t id, const std::string& stored_path) {
  c.prepare("UPDATE import_batch SET stored_path = ?2 WHERE id = ?1").bind(1, id).bind(2, stored_path).run();
}

std::optional<ImportBatchRecord> ImportRepository::findBatch(Connection& c, std::int64_t id) {
  auto st = c.prepare(std::string("SELECT ") + kBatchColumns + " FROM import_batch WHERE id = ?1");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return readBatch(st);
}

std::vector<ImportBatchRecord> ImportRepository::listBatches(Connection& c, const std::optional<std::string>& region_scope,
                                                            std::int64_t before_id, int limit) {
  auto st = c.prepare(std::string("SELECT ") + kBatchColumns +
                      " FROM import_batch WHERE (?1 IS NULL OR region_scope = ?1) AND (?2 = 0 OR id < ?2)"
                      " ORDER BY id DESC LIMIT ?3");
  st.bind(1, region_scope).bind(2, before_id).bind(3, limit);
  std::vector<ImportBatchRecord> out;
  while (st.step()) out.push_back(readBatch(st));
  return out;
}

bool ImportRepository::updateCheck(Connection& c, const ImportBatchRecord& b) {
  c.prepare(
       "UPDATE import_batch SET sheet = ?2, summary = ?3, rows_total = ?4, rows_new = ?5, rows_updated = ?6, "
       "rows_unchanged = ?7, rows_refused = ?8 WHERE id = ?1 AND status = 'checked'")
      .bind(1, b.id).bind(2, b.sheet).bind(3, b.summary).bind(4, b.rows_total).bind(5, b.rows_new)
      .bind(6, b.rows_updated).bind(7, b.rows_unchanged).bind(8, b.rows_refused).run();
  return c.changes() == 1;
}

bool ImportRepository::markCommitted(Connection& c, std::int64_t id, std::int64_t rows, const std::string& at,
                                     const std::string& by) {
  c.prepare(
       "UPDATE import_batch SET status = 'committed', rows_committed = ?2, committed_at = ?3, committed_by = ?4 "
       "WHERE id = ?1 AND status = 'checked'")
      .bind(1, id).bind(2, rows).bind(3, at).bind(4, by).run();
  return c.changes() == 1;
}

bool ImportRepository::markReverted(Connection& c, std::int64_t id, std::int64_t rows, const std::string& at,
                                    const std::string& by) {
  c.prepare(
       "UPDATE import_batch SET status = 'reverted', rows_reverted = ?2, reverted_at = ?3, reverted_by = ?4 "
       "WHERE id = ?1 AND status = 'committed'")
      .bind(1, id).bind(2, rows).bind(3, at).bind(4, by).run();
  return c.changes() == 1;
}

void ImportRepository::insertRow(Connection& c, std::int64_t batch_id, const ImportRowRecord& r) {
  c.prepare(
       "INSERT INTO import_row(batch_id, row_no, status, record_key, base_version, outcome) "
       "VALUES (?1,?2,?3,?4,?5,?6)")
      .bind(1, batch_id).bind(2, r.row_no).bind(3, r.status).bind(4, r.record_key).bind(5, r.base_version)
      .bind(6, r.outcome_json).run();
}

void ImportRepository::deleteRows(Connection& c, std::int64_t batch_id) {
  c.prepare("DELETE FROM import_row WHERE batch_id = ?1").bind(1, batch_id).run();
}

std::optional<ImportRowRecord> ImportRepository::findRow(Connection& c, std::int64_t batch_id, std::int64_t row_no) {
  auto st = c.prepare(
      "SELECT row_no, status, record_key, base_version, outcome FROM import_row WHERE batch_id = ?1 AND row_no = ?2");
  st.bind(1, batch_id).bind(2, row_no);
  if (!st.step()) return std::nullopt;
  return readRow(st);
}

std::vector<ImportRowRecord> ImportRepository::rows(Connection& c, std::int64_t batch_id, const ImportRowFilter& f) {
  auto st = c.prepare(
      "SELECT row_no, status, record_key, base_version, outcome FROM import_row "
      "WHERE batch_id = ?1 AND row_no > ?2 AND (?3 = '' OR status = ?3) "
      "AND ((?5 = '' AND ?6 = '') OR EXISTS (SELECT 1 FROM json_each(outcome, '$.errors') AS e "
      "WHERE (?5 = '' OR json_extract(e.value, '$.code') = ?5) AND (?6 = '' OR json_extract(e.value, '$.column') = ?6))) "
      "ORDER BY row_no LIMIT ?4");
  st.bind(1, batch_id).bind(2, f.after_row).bind(3, f.status).bind(4, f.limit).bind(5, f.error_code).bind(6, f.error_column);
  std::vector<ImportRowRecord> out;
  while (st.step()) out.push_back(readRow(st));
  return out;
}

void ImportRepository::insertChange(Connection& c, std::int64_t batch_id, const ImportChangeRecord& ch) {
  c.prepare(
       "INSERT INTO import_change(batch_id, row_no, record_key, previous_version, previous_snapshot, new_version, "
       "record_kind) VALUES (?1,?2,?3,?4,?5,?6,?7)")
      .bind(1, batch_id).bind(2, ch.row_no).bind(3, ch.record_key).bind(4, ch.previous_version)
      .bind(5, ch.previous_snapshot).bind(6, ch.new_version).bind(7, ch.record_kind).run();
}

std::vector<ImportChangeRecord> ImportRepository::changes(Connection& c, std::int64_t batch_id) {
  auto st = c.prepare(
      "SELECT row_no, record_key, previous_version, previous_snapshot, new_version, reverted_version, excluded, "
      "record_kind "
      "FROM import_change WHERE batch_id = ?1 ORDER BY row_no");
  st.bind(1, batch_id);
  std::vector<ImportChangeRecord> out;
  while (st.step()) {
    ImportChangeRecord ch;
    ch.row_no = st.int64(0);
    ch.record_key = st.text(1);
    ch.previous_version = st.optionalInt64(2);
    ch.previous_snapshot = st.optionalText(3);
    ch.new_version = st.int64(4);
    ch.reverted_version = st.optionalInt64(5);
    ch.excluded = st.int64(6) != 0;
    ch.record_kind = st.text(7);
    out.push_back(std::move(ch));
  }
  return out;
}

void ImportRepository::markChangeReverted(Connection& c, std::int64_t batch_id, std::int64_t row_no,
                                          std::optional<std::int64_t> reverted_version, bool excluded) {
  c.prepare("UPDATE import_change SET reverted_version = ?3, excluded = ?4 WHERE batch_id = ?1 AND row_no = ?2")
      .bind(1, batch_id).bind(2, row_no).bind(3, reverted_version).bind(4, excluded ? 1 : 0).run();
}

}  // namespace trellis::store
