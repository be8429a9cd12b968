// ImportBatches: the preview and mapping of a batch's file, the recheck of a checked batch with
// another sheet or mapping, and the progress counters of running commits and reverts
// (import_batches.h "Mapping", "Progress").
#include <algorithm>
#include <map>
#include <set>

#include "trellis/core/error.h"
#include "trellis/service/import_batches.h"
#include "trellis/service/text_field.h"

namespace trellis::service {
namespace {

// The most (code, column) groups a batch's error summary keeps.
constexpr std::size_t kErrorGroups = 100;

std::map<std::string, std::string> overridesOf(const std::string& mapping_json) {
  std::map<std::string, std::string> out;
  const nlohmann::json mapping = nlohmann::json::parse(mapping_json);  // outlives the loop over its items
  for (const auto& [header, field] : mapping.items())
    out[header] = field.is_string() ? field.get<std::string>() : "";
  return out;
}

nlohmann::json errorSummary(const ImportReport& r) {
  std::map<std::pair<std::string, std::string>, std::int64_t> rows;  // (code, column) → rows
  for (const auto& o : r.outcomes) {
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& e : o.errors)
      if (seen.insert({e.code, e.column}).second) ++rows[{e.code, e.column}];
  }
  std::vector<std::pair<std::pair<std::string, std::string>, std::int64_t>> groups(rows.begin(), rows.end());
  std::stable_sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [key, n] : groups) {
    if (out.size() == kErrorGroups) break;
    out.push_back({{"code", key.first}, {"column", key.second}, {"rows", n}});
  }
  return out;
}

}  // namespace

ImportPreview ImportBatches::mappedPreview(const KindImporter& kind, const std::string& path, io::TableFileOptions& options,
                                           const std::optional<nlohmann::json>& mapping) const {
  options.header_overrides.clear();
  ImportPreview p;
  try {
    p = readPreview(kind, path, options);
  } catch (const Error& e) {
    if (!e.is(errc::header_not_found) || io::detectFileFormat(path) != io::FileFormat::xlsx) throw;
    // The sheet read holds no header: name the workbook's sheets, so that the user can pick another.
    nlohmann::json sheets = nlohmann::json::array();
    for (const auto& sheet : io::listXlsxSheets(path, options.limits))
      sheets.push_back({{"name", sheet.name}, {"hidden", sheet.hidden}});
    throw Error(e.errorCode(), e.what(), e.field()).withDetails(nlohmann::json{{"sheets", sheets}}.dump());
  }
  p.saved = mappings_.find(kind.kind(), p.header);
  if (mapping) {
    options.header_overrides = parseHeaderMapping(*mapping, p.header, kind.fields(), settings_.limits.max_columns);
    p.mapping_source = "request";
  } else if (p.saved) {
    options.header_overrides = overridesOf(p.saved->mapping_json);
    p.mapping_source = "saved";
  } else {
    return p;
  }
  p.mapping = options.header_overrides;
  p.match = kind.matchColumns(p.header, p.mapping);
  return p;
}

ImportReport ImportBatches::checkedDryRun(const KindImporter& kind, const Caller& caller, const std::string& path,
                                          const io::TableFileOptions& options, const ImportPreview& preview) const {
  try {
    return kind.dryRun(caller, path, options);
  } catch (const Error& e) {
    if (!e.is(errc::header_unmapped)) throw;
    nlohmann::json details = e.detailsJson().empty() ? nlohmann::json::object() : nlohmann::json::parse(e.detailsJson());
    details["preview"] = importPreviewToJson(preview, kind.fields());
    // With the user's own mapping, it is the mapping that leaves the header unmapped.
    throw Error(e.errorCode(), e.what(), preview.mapping_source == "request" ? "mapping" : e.field())
        .withDetails(details.dump());
  }
}

void ImportBatches::describeCheck(store::ImportBatchRecord& b, const ImportReport& r, const ImportPreview& preview) {
  b.summary = nlohmann::json{{"header", r.header},
                             {"header_row", r.header_row},
                             {"ignored_columns", r.ignored_columns},
                             {"mapping", headerMappingToJson(preview.mapping)},
                             {"mapping_source", preview.mapping_source},
                             {"saved_mapping_id", preview.saved ? nlohmann::json(preview.saved->id) : nlohmann::json(nullptr)},
                             {"error_summary", errorSummary(r)}}
                  .dump();
  b.rows_total = r.rows;
  b.rows_new = r.created;
  b.rows_updated = r.updated;
  b.rows_unchanged = r.unchanged;
  b.rows_refused = r.refused;
}

nlohmann::json ImportBatches::verdictCounts(const ImportReport& r) {
  return {{"new", r.created}, {"updated", r.updated}, {"unchanged", r.unchanged}, {"refused", r.refused}};
}

void ImportBatches::storeRows(store::Connection& c, std::int64_t id, const ImportReport& r) {
  for (const auto& o : r.outcomes)
    store::ImportRepository::insertRow(c, id, {o.row, o.status, o.uscc, o.base_version, importRowToJson(o).dump()});
}

UploadResult ImportBatches::recheck(const Caller& caller, std::int64_t id, const RecheckRequest& request) {
  store::ImportBatchRecord b = get(caller, id);
  if (b.status != "checked")
    throw Error(errc::import_not_checked, "this batch is " + b.status + "; only a checked batch can be checked again");
  if (request.sheet) checkTextField(*request.sheet, "sheet", 255, false);
  if (request.save_mapping && !request.mapping)
    throw Error(errc::required, "save_mapping needs the mapping to save", "mapping");
  const KindImporter& kind = importer(b.kind);
  requireWrite(caller, kind, "import.recheck", AuditObject{"import_batch", std::to_string(id), b.region_scope});
  store::ImportBatchRecord next = b;
  if (request.sheet) next.sheet = *request.sheet;
  next.summary = "{}";  // the old mapping belongs to the old check
  io::TableFileOptions options = optionsOf(next);
  std::string path = storedFile(b);
  UploadResult result;
  result.preview = mappedPreview(kind, path, options, request.mapping);
  result.report = checkedDryRun(kind, caller, path, options, result.preview);
  describeCheck(next, result.report, result.preview);
  ctx_.db.write([&](store::Connection& c) {
    if (request.save_mapping) {
      result.preview.saved = mappings_.save(c, caller, b.kind, result.preview.header, result.preview.mapping);
      describeCheck(next, result.report, result.preview);
    }
    if (!store::ImportRepository::updateCheck(c, next))
      throw Error(errc::import_not_checked, "this batch was committed or reverted meanwhile");
    store::ImportRepository::deleteRows(c, id);
    storeRows(c, id, result.report);
    const ImportReport& r = result.report;
    nlohmann::json changes = verdictCounts(r);
    changes["sheet"] = {b.sheet, next.sheet};
    changes["mapping"] = headerMappingToJson(result.preview.mapping);
    changes["mapping_source"] = result.preview.mapping_source;
    changes["rows"] = r.rows;
    ctx_.audit.record(c, caller, "import.recheck", AuditObject{"import_batch", std::to_string(id), b.region_scope},
                      changes.dump());
    result.batch = *store::ImportRepository::findBatch(c, id);
  });
  return result;
}

ImportPreview ImportBatches::preview(const Caller& caller, std::int64_t id) const {
  store::ImportBatchRecord b = get(caller, id);
  const KindImporter& kind = importer(b.kind);
  io::TableFileOptions options = optionsOf(b);
  ImportPreview p = readPreview(kind, storedFile(b), options);
  nlohmann::json summary = nlohmann::json::parse(b.summary);
  p.mapping_source = summary.value("mapping_source", "config");
  p.saved = mappings_.find(b.kind, p.header);
  return p;
}

std::shared_ptr<ImportBatches::ProgressCounter> ImportBatches::startProgress(std::int64_t id, const std::string& action,
                                                                             std::int64_t total) {
  auto counter = std::make_shared<ProgressCounter>();
  counter->action = action;
  counter->total = total;
  {
    std::lock_guard<std::mutex> lock(progress_mutex_);
    progress_[id] = counter;
  }
  // The handle's deleter takes the counter out of the registry when the commit or revert ends,
  // however it ends.
  return std::shared_ptr<ProgressCounter>(counter.get(), [this, id, counter](ProgressCounter*) {
    std::lock_guard<std::mutex> lock(progress_mutex_);
    if (auto it = progress_.find(id); it != progress_.end() && it->second == counter) progress_.erase(it);
  });
}

std::optional<ImportProgress> ImportBatches::progressOf(const store::ImportBatchRecord& b) const {
  std::lock_guard<std::mutex> lock(progress_mutex_);
  auto it = progress_.find(b.id);
  if (it == progress_.end()) return std::nullopt;
  return ImportProgress{it->second->action, it->second->done.load(std::memory_order_relaxed), it->second->total};
}

nlohmann::json importProgressToJson(const std::optional<ImportProgress>& p) {
  if (!p) return nullptr;
  return {{"action", p->action}, {"done", p->done}, {"total", p->total}};
}

}  // namespace trellis::service
