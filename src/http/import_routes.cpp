// Import batches (README "Import and export files"): the upload is streamed to disk by the
// server (Route::spool_dir, its own size limit), dry-run checked and stored; then read, listed,
// committed and reverted. Thin: parse, call service::ImportBatches, serialize.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <nlohmann/json.hpp>

#include "trellis/core/error.h"
#include "trellis/http/api_routes.h"
#include "trellis/http/table_download.h"
#include "trellis/io/csv_writer.h"
#include "trellis/io/json_body.h"
#include "trellis/io/xlsx_writer.h"
#include "trellis/service/text_field.h"

namespace trellis::http {
namespace {

constexpr std::int64_t kDefaultRows = 500, kMaxRows = 1000;
// A mapping sent in the upload's query string (JSON text) is at most this long; the request
// head's own limit applies before it.
constexpr std::size_t kMaxMappingQueryBytes = 16 * 1024;
// The filter texts: an error code is a snake_case name, a column a header cell.
constexpr std::size_t kMaxCodeChars = 64, kMaxColumnChars = 255;

// The rows a report page or an error download selects: ?status=new|updated|unchanged|refused,
// ?code= (rows with an error of this code), ?column= (rows with an error in this column: its
// header text).
store::ImportRowFilter rowFilter(const Request& r) {
  store::ImportRowFilter f;
  f.status = r.textParam("status");
  if (!f.status.empty() && f.status != "new" && f.status != "updated" && f.status != "unchanged" && f.status != "refused")
    throw Error(errc::unknown_status, "status must be new, updated, unchanged or refused", "status");
  f.error_code = r.textParam("code");
  if (f.error_code.size() > kMaxCodeChars ||
      f.error_code.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos)
    throw Error(errc::wrong_type, "code must be an error code such as uscc_checksum", "code");
  f.error_column = r.textParam("column");
  service::checkTextField(f.error_column, "column", kMaxColumnChars, false);
  return f;
}

// The batch and one page of its report's rows (rowFilter), ?after_row=N (the last row number of
// the previous page), ?limit=1..1000 (default 500); progress while a commit or revert runs.
Response batchPage(ApiServices& s, Request& r, std::int64_t id, int status,
                   const service::ImportPreview* preview = nullptr) {
  store::ImportRowFilter f = rowFilter(r);
  f.after_row = r.intParam("after_row").value_or(0);
  f.limit = static_cast<int>(r.intParam("limit", 1, kMaxRows).value_or(kDefaultRows));
  auto batch = s.imports.get(r.caller, id);
  ++f.limit;  // one more tells whether another page follows
  auto rows = s.imports.rows(r.caller, id, f);
  --f.limit;
  nlohmann::json items = nlohmann::json::array();
  for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(f.limit); ++i)
    items.push_back(nlohmann::json::parse(rows[i].outcome_json));
  nlohmann::json next = nullptr;
  if (rows.size() > static_cast<std::size_t>(f.limit)) next = rows[static_cast<std::size_t>(f.limit) - 1].row_no;
  nlohmann::json out = {{"batch", service::importBatchToJson(batch)},
                        {"rows", items},
                        {"next_after_row", next},
                        {"progress", service::importProgressToJson(s.imports.progressOf(batch))}};
  if (preview) out["preview"] = service::importPreviewToJson(*preview, s.imports.importer(batch.kind).fields());
  return Response::json(status, out).with("Location", "/api/v1/imports/" + std::to_string(id));
}

// The upload's ?mapping= (JSON text of import_preview.h's mapping), absent when not sent.
std::optional<nlohmann::json> mappingParam(const Request& r) {
  std::string text = r.textParam("mapping");
  if (text.empty()) return std::nullopt;
  if (text.size() > kMaxMappingQueryBytes)
    throw Error(errc::too_long, "mapping is longer than " + std::to_string(kMaxMappingQueryBytes) + " bytes", "mapping");
  try {
    return io::parseJsonBody(text, 4);
  } catch (const Error& e) {
    throw Error(e.errorCode(), std::string("mapping: ") + e.what(), "mapping");
  }
}

// An optional JSON object body: {} when the request has none.
nlohmann::json optionalBody(const Request& r) {
  if (r.body.empty()) return nlohmann::json::object();
  return r.json();
}

}  // namespace

void addImportRoutes(Router& router, ApiServices& s) {
  Route upload{"POST", "/api/v1/imports", "import.run", [&s](Request& r) {
                 r.allowParams({"kind", "sheet", "encoding", "name", "mapping", "save_mapping"});
                 if (r.body_file.empty())
                   throw Error(errc::upload_expected, "send the file itself as the request body");
                 service::UploadedFile f;
                 f.path = r.body_file;
                 f.take = true;
                 f.kind = r.textParam("kind");
                 if (f.kind.empty()) throw Error(errc::required, "kind is required (enterprises, designations, indicators, pool_members or contacts)", "kind");
                 f.sheet = r.textParam("sheet");
                 f.encoding = r.textParam("encoding");
                 f.file_name = r.textParam("name");
                 f.mapping = mappingParam(r);
                 f.save_mapping = r.flagParam("save_mapping");
                 auto result = s.imports.upload(r.caller, f);
                 return batchPage(s, r, result.batch.id, 201, &result.preview);
               }};
  upload.spool_dir = (std::filesystem::path(s.imports.settings().store_dir) / "incoming").string();
  upload.max_body_bytes = s.max_import_bytes;
  router.add(std::move(upload));

  router.add({"GET", "/api/v1/imports", "import.read", [&s](Request& r) {
                r.allowParams({"before", "limit"});
                std::int64_t before = r.intParam("before").value_or(0);
                int limit = static_cast<int>(r.intParam("limit", 1, 200).value_or(50));
                auto batches = s.imports.list(r.caller, before, limit + 1);
                nlohmann::json items = nlohmann::json::array();
                for (std::size_t i = 0; i < batches.size() && i < static_cast<std::size_t>(limit); ++i)
                  items.push_back(service::importBatchToJson(batches[i]));
                nlohmann::json next = nullptr;
                if (batches.size() > static_cast<std::size_t>(limit)) next = batches[static_cast<std::size_t>(limit) - 1].id;
                return Response::json(200, {{"items", items}, {"next_before", next}});
              }});

  // Before the {id} routes: "templates" is not an id.
  router.add({"GET", "/api/v1/imports/templates/{kind}", "import.read", [&s](Request& r) {
                const service::KindImporter& kind = s.imports.importer(r.path_params[0]);
                auto columns = kind.templateColumns();
                return spooledDownload(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                       "import-template-" + kind.kind(), kind.label() + "导入模板",
                                       [&](const std::string& path) { io::writeXlsxTemplate(path, kind.label(), columns); });
              }});

  // Saved mappings (service/saved_mappings.h), before the {id} routes: "mappings" is not an id.
  router.add({"GET", "/api/v1/imports/mappings", "import.read", [&s](Request& r) {
                r.allowParams({"kind"});
                std::string kind = r.textParam("kind");
                if (!kind.empty()) s.imports.importer(kind);  // unknown_kind
                nlohmann::json items = nlohmann::json::array();
                for (const auto& m : s.imports.mappings().list(kind)) items.push_back(service::savedMappingToJson(m));
                return Response::json(200, {{"items", items}});
              }});
  router.add({"DELETE", "/api/v1/imports/mappings/{id}", "import.run", [&s](Request& r) {
                s.imports.mappings().remove(r.caller, r.idPathParam(0, errc::import_mapping_not_found));
                return Response::json(200, {{"deleted", true}});
              }});

  router.add({"GET", "/api/v1/imports/{id}", "import.read", [&s](Request& r) {
                r.allowParams({"status", "code", "column", "after_row", "limit"});
                return batchPage(s, r, r.idPathParam(0, errc::import_not_found), 200);
              }});

  router.add({"GET", "/api/v1/imports/{id}/preview", "import.read", [&s](Request& r) {
                std::int64_t id = r.idPathParam(0, errc::import_not_found);
                auto preview = s.imports.preview(r.caller, id);
                auto batch = s.imports.get(r.caller, id);
                return Response::json(200, {{"preview", service::importPreviewToJson(preview, s.imports.importer(batch.kind).fields())}});
              }});

  // Another sheet or mapping for a checked batch: the dry run again on the stored file.
  router.add({"POST", "/api/v1/imports/{id}/mapping", "import.run", [&s](Request& r) {
                std::int64_t id = r.idPathParam(0, errc::import_not_found);
                nlohmann::json body = optionalBody(r);
                io::requireKnownFields(body, {"sheet", "mapping", "save_mapping"});
                service::RecheckRequest request;
                if (body.contains("sheet") && !body["sheet"].is_null()) request.sheet = io::stringField(body, "sheet");
                if (body.contains("mapping") && !body["mapping"].is_null()) request.mapping = body["mapping"];
                request.save_mapping = body.contains("save_mapping") && io::boolField(body, "save_mapping");
                auto result = s.imports.recheck(r.caller, id, request);
                return batchPage(s, r, id, 200, &result.preview);
              }});

  router.add({"GET", "/api/v1/imports/{id}/errors", "import.read", [&s](Request& r) {
                r.allowParams({"format", "status", "code", "column"});
                std::int64_t id = r.idPathParam(0, errc::import_not_found);
                store::ImportRowFilter only = rowFilter(r);
                std::string format = r.textParam("format");
                if (format.empty()) format = "csv";
                if (format != "csv" && format != "xlsx")
                  throw Error(errc::unknown_format, "format must be csv or xlsx", "format");
                Response out;
                std::string name = "import-" + std::to_string(id) + "-errors." + format;
                if (format == "csv") {
                  std::ostringstream text;
                  io::CsvWriter writer(text);
                  s.imports.writeErrors(r.caller, id, writer, only);
                  writer.finish();
                  out.body = text.str();
                  out.content_type = "text/csv; charset=utf-8";
                } else {
                  std::filesystem::path dir = std::filesystem::path(s.imports.settings().store_dir) / "incoming";
                  std::filesystem::create_directories(dir);
                  std::filesystem::path path = dir / ("errors-" + r.request_id + "-" + std::to_string(id) + ".xlsx");
                  struct Remove {
                    std::filesystem::path p;
                    ~Remove() {
                      std::error_code ec;
                      std::filesystem::remove(p, ec);
                    }
                  } remove{path};
                  {
                    io::XlsxWriter writer(path.string());
                    s.imports.writeErrors(r.caller, id, writer, only);
                    writer.finish();
                  }
                  std::ifstream in(path, std::ios::binary);
                  std::ostringstream bytes;
                  bytes << in.rdbuf();
                  out.body = bytes.str();
                  out.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
                }
                return out.with("Content-Disposition", "attachment; filename=\"" + name + "\"");
              }});

  router.add({"POST", "/api/v1/imports/{id}/commit", "import.run", [&s](Request& r) {
                std::int64_t id = r.idPathParam(0, errc::import_not_found);
                nlohmann::json body = optionalBody(r);
                io::requireKnownFields(body, {"only_valid"});
                bool only_valid = body.contains("only_valid") && io::boolField(body, "only_valid");
                auto result = s.imports.commit(r.caller, id, only_valid);
                const auto& rep = result.report;
                return Response::json(200, {{"batch", service::importBatchToJson(result.batch)},
                                            {"written", result.written},
                                            {"counts",
                                             {{"rows", rep.rows},
                                              {"new", rep.created},
                                              {"updated", rep.updated},
                                              {"unchanged", rep.unchanged},
                                              {"refused", rep.refused}}}});
              }});

  router.add({"POST", "/api/v1/imports/{id}/revert", "import.run", [&s](Request& r) {
                std::int64_t id = r.idPathParam(0, errc::import_not_found);
                nlohmann::json body = optionalBody(r);
                io::requireKnownFields(body, {"exclude_rows"});
                std::vector<std::int64_t> exclude;
                if (body.contains("exclude_rows")) {
                  const auto& list = body["exclude_rows"];
                  if (!list.is_array()) throw Error(errc::wrong_type, "exclude_rows must be an array of row numbers", "exclude_rows");
                  for (const auto& v : list) {
                    if (!v.is_number_integer() || v.get<std::int64_t>() < 1)
                      throw Error(errc::wrong_type, "exclude_rows must hold row numbers (1, 2, …)", "exclude_rows");
                    exclude.push_back(v.get<std::int64_t>());
                  }
                }
                auto result = s.imports.revert(r.caller, id, exclude);
                return Response::json(200, {{"batch", service::importBatchToJson(result.batch)},
                                            {"restored", result.restored},
                                            {"archived", result.archived},
                                            {"excluded", result.excluded}});
              }});
}

}  // namespace trellis::http
