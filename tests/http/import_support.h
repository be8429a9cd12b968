// What the import HTTP tests share (import_api_test, import_designations_test,
// import_kinds_test): a row of an upload's report, and one number from the server's database.
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

}  // namespace trellis::test
