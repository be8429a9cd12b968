#include "trellis/service/import_batches.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "trellis/auth/policy.h"
#include "trellis/core/error.h"
#include "trellis/core/sha256.h"
#include "trellis/io/table_file.h"
#include "trellis/service/text_field.h"

namespace trellis::service {
namespace {

namespace fs = std::filesystem;

Error batchNotFound() { return Error(errc::import_not_found, "no such import batch"); }

std::string fileSha256(const std::string& path, std::int64_t& bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(errc::internal, "cannot read the import file " + path);
  Sha256 hasher;
  std::string buffer(1 << 16, '\0');
  bytes = 0;
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    auto n = in.gcount();
    if (n <= 0) break;
    hasher.update(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    bytes += n;
  }
  return hasher.hexDigest();
}

AuditObject batchObject(const store::ImportBatchRecord& b) {
  return AuditObject{"import_batch", std::to_string(b.id), b.region_scope};
}

}  // namespace

ImportBatches::ImportBatches(const Context& ctx, std::vector<const KindImporter*> kinds, ImportSettings settings)
    : ctx_(ctx), kinds_(std::move(kinds)), settings_(std::move(settings)), mappings_(ctx) {}

const KindImporter& ImportBatches::importer(const std::string& kind) const {
  std::string names;
  for (const KindImporter* k : kinds_) {
    if (k->kind() == kind) return *k;
    names += (names.empty() ? "" : ", ") + k->kind();
  }
  throw Error(errc::unknown_kind, "kind must be one of: " + names, "kind");
}

io::TableFileOptions ImportBatches::optionsOf(const store::ImportBatchRecord& b) const {
  io::TableFileOptions o;
  o.limits = settings_.limits;
  if (!b.sheet.empty()) o.sheet.name = b.sheet;
  o.csv.encoding = io::parseTextEncoding(b.encoding);
  // The mapping the batch was checked with (describeCheck), so every later read maps as it did.
  const nlohmann::json summary = nlohmann::json::parse(b.summary);
  const nlohmann::json mapping = summary.value("mapping", nlohmann::json::object());  // outlives the loop
  for (const auto& [header, field] : mapping.items())
    o.header_overrides[header] = field.is_string() ? field.get<std::string>() : "";
  return o;
}

std::string ImportBatches::storedFile(const store::ImportBatchRecord& b) const {
  return (fs::path(settings_.store_dir) / b.stored_path).string();
}

void ImportBatches::requireWrite(const Caller& caller, const KindImporter& kind, const char* action,
                                 const AuditObject& object) const {
  if (caller.role == domain::Role::system || auth::allows(caller.role, kind.writeAction())) return;
  ctx_.audit.recordRefusal(caller, action, object, "denied", "role may not " + kind.writeAction());
  throw Error(errc::import_kind_forbidden, "role " + std::string(domain::roleName(caller.role)) + " may not import " +
                                               kind.kind() + " (the API's write needs " + kind.writeAction() + ")", "kind");
}

bool ImportBatches::visible(const Caller& caller, const store::ImportBatchRecord& b) const {
  return caller.canSeeRegion(b.region_scope);  // the batch's region, as the caller's region rule has it
}

UploadResult ImportBatches::upload(const Caller& caller, const UploadedFile& file) {
  const KindImporter& kind = importer(file.kind);
  requireWrite(caller, kind, "import.upload", AuditObject{"import_batch", "", caller.region_scope});
  // Both are shown back to users (history, batch page): the house rules of free text.
  checkTextField(file.file_name, "name", 255, false);
  checkTextField(file.sheet, "sheet", 255, false);
  store::ImportBatchRecord b;
  b.kind = file.kind;
  b.file_name = file.file_name;
  b.sheet = file.sheet;
  b.encoding = file.encoding == "auto" ? "" : file.encoding;
  io::TableFileOptions options = optionsOf(b);  // refuses an unknown encoding first
  b.file_sha256 = fileSha256(file.path, b.file_bytes);
  if (static_cast<std::uint64_t>(b.file_bytes) > settings_.limits.max_file_bytes)
    throw Error(errc::file_too_large, 
                "the file is larger than the import limit of " + io::sizeText(settings_.limits.max_file_bytes));
  if (file.save_mapping && !file.mapping)
    throw Error(errc::required, "save_mapping needs the mapping to save", "mapping");
  UploadResult result;
  result.preview = mappedPreview(kind, file.path, options, file.mapping);
  result.report = checkedDryRun(kind, caller, file.path, options, result.preview);
  const ImportReport& r = result.report;
  b.uploaded_by = caller.user;
  b.uploaded_by_id = caller.user_id;
  b.region_scope = caller.region_scope;
  b.status = "checked";
  describeCheck(b, r, result.preview);
  b.created_at = formatTimestamp(ctx_.clock.now());
  std::string extension = io::detectFileFormat(file.path) == io::FileFormat::xlsx ? ".xlsx" : ".csv";
  fs::create_directories(settings_.store_dir);
  ctx_.db.write([&](store::Connection& c) {
    if (file.save_mapping) {
      result.preview.saved = mappings_.save(c, caller, b.kind, result.preview.header, result.preview.mapping);
      describeCheck(b, r, result.preview);
    }
    b.id = store::ImportRepository::insertBatch(c, b);
    b.stored_path = "batch-" + std::to_string(b.id) + "-" + b.file_sha256.substr(0, 12) + extension;
    store::ImportRepository::setStoredPath(c, b.id, b.stored_path);
    storeRows(c, b.id, r);
    ctx_.audit.record(c, caller, "import.upload", batchObject(b),
                  nlohmann::json{{"file_name", b.file_name},
                                 {"sha256", b.file_sha256},
                                 {"bytes", b.file_bytes},
                                 {"rows", b.rows_total},
                                 {"new", b.rows_new},
                                 {"updated", b.rows_updated},
                                 {"unchanged", b.rows_unchanged},
                                 {"refused", b.rows_refused}}
                      .dump());
    // Last, so that a failure here rolls the batch back; a failed commit after it leaves a file
    // no batch names (harmless, and named by its id and hash).
    fs::path target = fs::path(settings_.store_dir) / b.stored_path;
    if (file.take) fs::rename(file.path, target);
    else fs::copy_file(file.path, target, fs::copy_options::overwrite_existing);
  });
  result.batch = b;
  return result;
}

store::ImportBatchRecord ImportBatches::get(const Caller& caller, std::int64_t id) const {
  std::optional<store::ImportBatchRecord> found;
  ctx_.db.readAutocommit([&](store::Connection& c) { found = store::ImportRepository::findBatch(c, id); });
  if (found && !visible(caller, *found)) {
    ctx_.audit.recordRefusal(caller, "import.read", batchObject(*found), "denied", "out of scope");
    throw batchNotFound();
  }
  if (!found) {
    ctx_.audit.recordRefusal(caller, "import.read", AuditObject{"import_batch", std::to_string(id), ""}, "invalid", "absent");
    throw batchNotFound();
  }
  return *found;
}

std::vector<store::ImportRowRecord> ImportBatches::rows(const Caller& caller, std::int64_t id,
                                                        const store::ImportRowFilter& f) const {
  get(caller, id);
  std::vector<store::ImportRowRecord> out;
  ctx_.db.read([&](store::Connection& c) { out = store::ImportRepository::rows(c, id, f); });
  return out;
}

std::vector<store::ImportBatchRecord> ImportBatches::list(const Caller& caller, std::int64_t before_id, int limit) const {
  std::vector<store::ImportBatchRecord> out;
  std::optional<std::string> scope;
  if (!caller.cityWide()) scope = caller.region_scope;
  ctx_.db.read([&](store::Connection& c) { out = store::ImportRepository::listBatches(c, scope, before_id, limit); });
  return out;
}

CommitResult ImportBatches::commit(const Caller& caller, std::int64_t id, bool only_valid) {
  store::ImportBatchRecord b = get(caller, id);
  if (b.status != "checked")
    throw Error(errc::import_not_checked, "this batch is " + b.status + "; only a checked batch can be committed");
  requireWrite(caller, importer(b.kind), "import.commit", batchObject(b));
  std::string path = storedFile(b);
  std::int64_t bytes = 0;
  if (fileSha256(path, bytes) != b.file_sha256)
    throw Error(errc::internal, "the stored file of import batch " + std::to_string(b.id) + " no longer matches its hash");
  CommitResult result;
  // Visible from the moment the commit waits for the write lock until its transaction ends.
  auto progress = startProgress(id, "commit", b.rows_total);
  std::vector<store::ImportChangeRecord> written;  // for the kind's afterCommit
  ctx_.db.write([&](store::Connection& c) {
    written.clear();
    result.written = 0;
    auto now = store::ImportRepository::findBatch(c, id);
    if (!now || now->status != "checked")
      throw Error(errc::import_not_checked, "this batch was committed or reverted meanwhile");
    // The dry run's verdicts, by row.
    std::map<std::int64_t, store::ImportRowRecord> checked;
    store::ImportRowFilter all;
    all.limit = -1;  // SQLite: no limit
    for (auto& r : store::ImportRepository::rows(c, id, all)) checked.emplace(r.row_no, std::move(r));
    std::vector<std::pair<std::int64_t, std::vector<ImportRowError>>> pending;  // good rows, written below
    // *now, not b: a recheck between get() and this transaction changed the mapping and the rows.
    result.report = importer(b.kind).scan(c, caller, path, optionsOf(*now), [&](ImportRowOutcome& o, const ImportRowPlan& plan) {
      progress->done.fetch_add(1, std::memory_order_relaxed);
      if (o.status == "refused") return;
      auto it = checked.find(o.row);
      if (it == checked.end() || it->second.status == "refused") {
        o.errors.push_back({"", std::string(errc::refused_in_check.name), "该行在导入检查中被拒绝，提交时不写入"});
        return;
      }
      bool moved = it->second.status == "new" ? plan.stored_version.has_value()
                                              : plan.stored_version != it->second.base_version;
      if (moved) {
        o.errors.push_back({"", std::string(errc::record_changed_since_check.name), "检查之后该记录已被修改，请重新上传检查"});
        return;
      }
      if (!plan.write) return;  // unchanged
      written.push_back(plan.write(c));
      store::ImportRepository::insertChange(c, id, written.back());
      ++result.written;
    });
    const ImportReport& r = result.report;
    if (r.refused > 0 && !only_valid) {
      nlohmann::json refused = nlohmann::json::array();
      for (const auto& o : r.outcomes) {
        if (o.status != "refused") continue;
        refused.push_back(importRowToJson(o));
        if (refused.size() >= 100) break;
      }
      throw Error(errc::import_rows_refused, std::to_string(r.refused) + " of " + std::to_string(r.rows) +
                                " rows are refused; nothing was written. Correct them, or commit with "
                                "{\"only_valid\": true} to write only the rows that pass")
          .withDetails(nlohmann::json{{"refused", r.refused}, {"rows", r.rows}, {"refused_rows", refused}}.dump());
    }
    std::string at = formatTimestamp(ctx_.clock.now());
    if (!store::ImportRepository::markCommitted(c, id, result.written, at, caller.user))
      throw Error(errc::import_not_checked, "this batch was committed or reverted meanwhile");
    nlohmann::json changes = verdictCounts(r);
    changes["only_valid"] = only_valid;
    changes["written"] = result.written;
    ctx_.audit.record(c, caller, "import.commit", batchObject(b), changes.dump());
    result.batch = *store::ImportRepository::findBatch(c, id);
  });
  importer(b.kind).afterCommit(written);
  return result;
}

RevertResult ImportBatches::revert(const Caller& caller, std::int64_t id, const std::vector<std::int64_t>& exclude_rows) {
  store::ImportBatchRecord b = get(caller, id);
  if (b.status != "committed")
    throw Error(errc::import_not_committed, "this batch is " + b.status + "; only a committed batch can be reverted");
  requireWrite(caller, importer(b.kind), "import.revert", batchObject(b));
  RevertResult result;
  auto progress = startProgress(id, "revert", b.rows_committed);
  std::vector<store::ImportChangeRecord> put_back;  // for the kind's afterCommit
  ctx_.db.write([&](store::Connection& c) {
    put_back.clear();
    result = RevertResult{};
    auto changes = store::ImportRepository::changes(c, id);
    std::set<std::int64_t> rows_written, excluded(exclude_rows.begin(), exclude_rows.end());
    for (const auto& ch : changes) rows_written.insert(ch.row_no);
    for (auto row : excluded)
      if (!rows_written.count(row))
        throw Error(errc::unknown_row, "row " + std::to_string(row) + " is not a row this batch wrote", "exclude_rows");
    const KindImporter& kind = importer(b.kind);
    std::vector<RevertConflict> conflicts;
    std::vector<const store::ImportChangeRecord*> todo;
    for (const auto& ch : changes) {
      if (excluded.count(ch.row_no)) continue;
      if (auto current = kind.movedSince(c, ch)) {
        conflicts.push_back({ch.row_no, kind.enterpriseOf(ch), ch.record_key,
                             ch.new_version, *current});
        continue;
      }
      todo.push_back(&ch);
    }
    if (!conflicts.empty()) {
      nlohmann::json rows = nlohmann::json::array();
      for (const auto& x : conflicts)
        rows.push_back({{"row", x.row}, {"uscc", x.uscc}, {"record", x.record},
                        {"imported_version", x.imported_version},
                        {"current_version", x.current_version}});
      throw Error(errc::changed_since_import, std::to_string(conflicts.size()) +
                                " records were changed after this import; nothing was reverted. Leave those rows out "
                                "with {\"exclude_rows\": [...]} to revert the others")
          .withDetails(nlohmann::json{{"changed_rows", rows}}.dump());
    }
    for (const store::ImportChangeRecord* ch : todo) {
      RevertedChange written = kind.revert(c, caller, id, *ch);
      ++(written.removed ? result.archived : result.restored);
      store::ImportRepository::markChangeReverted(c, id, ch->row_no, written.version, false);
      progress->done.fetch_add(1, std::memory_order_relaxed);
      put_back.push_back(*ch);
    }
    for (auto row : excluded) {
      store::ImportRepository::markChangeReverted(c, id, row, std::nullopt, true);
      ++result.excluded;
    }
    std::string at = formatTimestamp(ctx_.clock.now());
    if (!store::ImportRepository::markReverted(c, id, result.restored + result.archived, at, caller.user))
      throw Error(errc::import_not_committed, "this batch was reverted meanwhile");
    ctx_.audit.record(c, caller, "import.revert", batchObject(b),
                  nlohmann::json{{"restored", result.restored}, {"archived", result.archived}, {"excluded", excluded}}.dump());
    result.batch = *store::ImportRepository::findBatch(c, id);
  });
  importer(b.kind).afterCommit(put_back);
  return result;
}

void ImportBatches::writeErrors(const Caller& caller, std::int64_t id, domain::TableSink& sink,
                                const store::ImportRowFilter& only) const {
  store::ImportBatchRecord b = get(caller, id);
  std::map<std::int64_t, store::ImportRowRecord> verdicts;
  store::ImportRowFilter all = only;
  all.after_row = 0;
  all.limit = -1;
  bool filtered = !only.status.empty() || !only.error_code.empty() || !only.error_column.empty();
  ctx_.db.read([&](store::Connection& c) {
    for (auto& r : store::ImportRepository::rows(c, id, all)) verdicts.emplace(r.row_no, std::move(r));
  });
  auto source = importer(b.kind).openSource(storedFile(b), optionsOf(b));
  std::vector<domain::Column> columns = {{"row", "行号", domain::CellType::integer}};
  for (std::size_t i = 0; i < source->header().size(); ++i)
    columns.push_back({"c" + std::to_string(i + 1), source->header()[i], domain::CellType::text});
  columns.push_back({"status", "导入结果", domain::CellType::text});
  columns.push_back({"errors", "错误说明", domain::CellType::text});
  sink.beginSheet("导入检查结果", columns);
  static const std::map<std::string, std::string> words = {
      {"new", "新增"}, {"updated", "更新"}, {"unchanged", "未变"}, {"refused", "拒绝"}};
  io::SourceRow row;
  domain::Row cells;
  while (source->next(row)) {
    cells.clear();
    cells.emplace_back(row.number);
    for (std::size_t i = 0; i < source->header().size(); ++i) {
      const auto& text = i < row.cells.size() ? row.cells[i].text : std::string();
      if (text.empty()) cells.emplace_back(std::monostate{});
      else cells.emplace_back(text);
    }
    auto it = verdicts.find(row.number);
    if (filtered && it == verdicts.end()) continue;
    std::string status, errors;
    if (it != verdicts.end()) {
      auto w = words.find(it->second.status);
      status = w == words.end() ? it->second.status : w->second;
      nlohmann::json outcome = nlohmann::json::parse(it->second.outcome_json);
      for (const auto& e : outcome.value("errors", nlohmann::json::array())) {
        if (!errors.empty()) errors += "；";
        std::string column = e.value("column", "");
        errors += (column.empty() ? "" : column + "：") + e.value("message", "") + "（" + e.value("code", "") + "）";
      }
    }
    cells.emplace_back(status);
    cells.emplace_back(errors);
    sink.row(cells);
  }
}

nlohmann::json importBatchToJson(const store::ImportBatchRecord& b) {
  auto opt = [](const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  nlohmann::json summary = nlohmann::json::parse(b.summary);
  return {{"id", b.id},
          {"kind", b.kind},
          {"file_name", b.file_name},
          {"sha256", b.file_sha256},
          {"bytes", b.file_bytes},
          {"sheet", b.sheet},
          {"encoding", b.encoding},
          {"uploaded_by", b.uploaded_by},
          {"region_scope", b.region_scope.empty() ? nlohmann::json(nullptr) : nlohmann::json(b.region_scope)},
          {"status", b.status},
          {"header", summary.value("header", nlohmann::json::array())},
          {"header_row", summary.value("header_row", 0)},
          {"ignored_columns", summary.value("ignored_columns", nlohmann::json::array())},
          {"mapping", summary.value("mapping", nlohmann::json::object())},
          {"mapping_source", summary.value("mapping_source", "config")},
          {"saved_mapping_id", summary.value("saved_mapping_id", nlohmann::json(nullptr))},
          {"error_summary", summary.value("error_summary", nlohmann::json::array())},
          {"counts",
           {{"rows", b.rows_total},
            {"new", b.rows_new},
            {"updated", b.rows_updated},
            {"unchanged", b.rows_unchanged},
            {"refused", b.rows_refused},
            {"committed", b.rows_committed},
            {"reverted", b.rows_reverted}}},
          {"created_at", b.created_at},
          {"committed_at", opt(b.committed_at)},
          {"committed_by", opt(b.committed_by)},
          {"reverted_at", opt(b.reverted_at)},
          {"reverted_by", opt(b.reverted_by)}};
}

}  // namespace trellis::service
