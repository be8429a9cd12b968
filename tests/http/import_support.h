// What the import HTTP tests share (import_api_test, import_designations_test,
// import_kinds_test, import_more_kinds_test): files made as the counties make them, an upload
// of a kind and the checks of its report, and one number from the server's database.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "test_server.h"

namespace trellis::test {

// The report row numbered `number` (as the user sees it in the sheet); FAILs when absent.
const nlohmann::json& rowOf(const HttpResponse& r, std::int64_t number);

// One integer from the server's database file, read with plain sqlite3 beside the server.
std::int64_t sqlCount(TestServer& server, const std::string& sql);

// Registers an enterprise through the API (REQUIREs 201).
void registerEnterprise(TestServer& server, const std::string& uscc, const std::string& name, const std::string& region,
                        const std::vector<std::string>& aliases = {});

// A CSV file converted to GB18030 by iconv, as older county systems export it.
std::string gb18030Of(TestServer& server, const std::string& csv, const std::string& name);
// An XLSX of one sheet holding rows (the first the header) as text cells, by libxlsxwriter.
std::string xlsxOf(TestServer& server, const std::vector<std::vector<std::string>>& rows, const std::string& name);
// POST /api/v1/imports?kind=kind with the file's bytes.
HttpResponse uploadKind(TestServer& server, const std::string& kind, const std::string& bytes,
                        const std::string& type = "text/csv");
// The first error of a refused row as "column|code" (REQUIREs the row refused).
std::string refusalOf(const HttpResponse& r, std::int64_t number);
// REQUIREs a 201 upload and CHECKs its counts.
void checkCounts(const HttpResponse& up, int rows, int created, int updated, int unchanged, int refused);
// /api/v1/imports/{id} of an upload's batch.
std::string batchPath(const HttpResponse& up);
// A diff of a row's report: {field, from, to}; FAILs when the row has none for field.
nlohmann::json diffOf(const HttpResponse& r, std::int64_t number, const std::string& field);

}  // namespace trellis::test
