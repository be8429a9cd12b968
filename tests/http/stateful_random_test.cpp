// Issue 8 §1, the second family: a stateful random test against the real server (see
// random_session.h), bounded for ctest, and the long run tools/soak drives through the hidden
// "[.soak]" case below. Also what the stale snapshot broke beyond answers: a clean SIGTERM
// checkpoint, and `trellis user disable` taking effect on a running server.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <limits>
#include <thread>

#include "random_session.h"

namespace trellis::consistencytest {
namespace {

struct Checkpoint {
  int busy = -1;
  std::int64_t log = -1;           // frames in the WAL
  std::int64_t checkpointed = -1;  // frames copied back into the database
  bool complete() const { return busy == 0 && log == checkpointed; }
};

// PRAGMA wal_checkpoint(PASSIVE) from a connection of our own: it completes only when no
// connection of the server still reads a snapshot older than the WAL's end.
Checkpoint checkpoint(const std::string& db_path) {
  Checkpoint c;
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA wal_checkpoint(PASSIVE)", -1, &st, nullptr) == SQLITE_OK);
  if (sqlite3_step(st) == SQLITE_ROW) {
    c.busy = sqlite3_column_int(st, 0);
    c.log = sqlite3_column_int64(st, 1);
    c.checkpointed = sqlite3_column_int64(st, 2);
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return c;
}

std::string fileText(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("stateful random API sequences agree with the model of what each principal may see",
          "[http][consistency]") {
  DemoCity city(40);
  RandomSessionOptions o;
  o.seed = 20260801;
  o.max_steps = 20000;
  o.max_time = std::chrono::seconds(45);
  auto result = runRandomSession(city, o);
  for (const auto& d : result.divergences) FAIL_CHECK(d);
  CHECK(result.divergences.empty());
  CHECK(result.steps >= 300);
  CHECK(result.enterprises >= 20);
  CHECK(city.dirtyConnections() == 0);
  // No connection of the server holds an old snapshot: a checkpoint passes the whole WAL.
  auto c = checkpoint(city.server().dbPath());
  INFO("wal_checkpoint: busy " << c.busy << ", log " << c.log << ", checkpointed " << c.checkpointed);
  CHECK(c.complete());
  WARN("random session: " << result.steps << " calls, " << result.enterprises << " enterprises, seed " << o.seed);
}

TEST_CASE("SIGTERM after reads of indicators and expert scores checkpoints cleanly", "[http][consistency]") {
  DemoCity city(40);
  auto rows = city.query(
      "SELECT e.uscc, y.year FROM yearly_indicators y JOIN enterprise e ON e.id = y.enterprise_id ORDER BY e.id LIMIT 1");
  REQUIRE(rows.size() == 1);
  std::string e = "/api/v1/enterprises/" + rows[0][0];
  // Writes that read the row they replace (on the writer connection), then reads of them.
  REQUIRE(city.as("bureau", "PUT", e + "/expert-scores/" + rows[0][1], R"({"ip_quality":20})").status == 200);
  REQUIRE(city.as("bureau", "PUT", e + "/expert-scores/" + rows[0][1], R"({"ip_quality":19})").status == 200);
  auto indicators = city.as("bureau", "GET", e + "/indicators/" + rows[0][1]);
  REQUIRE(indicators.status == 200);
  nlohmann::json figures = nlohmann::json::object();  // the stored figures, without derived ones
  for (const auto& [k, v] : indicators.json.items())
    if ((v.is_number() || v.is_boolean()) && k != "version" && k != "year") figures[k] = v;
  auto put = city.as("bureau", "PUT", e + "/indicators/" + rows[0][1], figures.dump(),
                     {{"If-Match", "\"" + indicators.json.value("version", nlohmann::json(1)).dump() + "\""}});
  INFO("PUT indicators: " << put.body);
  CHECK(put.status == 200);
  for (int i = 0; i < 5; ++i) {
    REQUIRE(city.as("bureau", "GET", e + "/indicators/" + rows[0][1]).status == 200);
    REQUIRE(city.as("bureau", "GET", e + "/expert-scores/" + rows[0][1]).status == 200);
    REQUIRE(city.as("bureau", "GET", e + "/evaluation?stage=hnte&year=" + rows[0][1]).status == 200);
    REQUIRE(city.as("bureau", "POST", "/api/v1/enterprises", authtest::enterpriseJson("411002", 800000 + i, "411002"))
                .status == 201);
  }
  CHECK(city.server().stop() == 0);
  std::string err = fileText(city.server().dir() + "/serve.err");
  CHECK(err.find("checkpoint at close failed") == std::string::npos);
  CHECK(err.find("handed back") == std::string::npos);
  CHECK(city.walBytes() == 0);  // TRUNCATE at close left an empty WAL
}

TEST_CASE("trellis user disable takes effect on a running server after reads of indicators",
          "[http][consistency]") {
  DemoCity city(40);
  auto rows = city.query(
      "SELECT e.uscc, y.year FROM yearly_indicators y JOIN enterprise e ON e.id = y.enterprise_id "
      "WHERE e.region_code = '411002' ORDER BY e.id LIMIT 1");
  REQUIRE(rows.size() == 1);
  std::string e = "/api/v1/enterprises/" + rows[0][0];
  for (const char* login : {"bureau", "viewer"}) {
    REQUIRE(city.as(login, "GET", e + "/indicators/" + rows[0][1]).status == 200);
    REQUIRE(city.as(login, "GET", e + "/expert-scores/" + rows[0][1]).status != 500);
    REQUIRE(city.as(login, "GET", e + "/designations").status == 200);
  }
  REQUIRE(city.as("viewer", "GET", "/api/v1/me").status == 200);
  std::string out;
  REQUIRE(city.server().cli({"user", "disable", "--login", "viewer"}, "", &out) == 0);
  // Every pooled reader must see the change: several rounds, concurrently.
  std::vector<int> statuses(16, 0);
  std::vector<std::thread> clients;
  for (size_t i = 0; i < statuses.size(); ++i)
    clients.emplace_back([&, i] { statuses[i] = city.as("viewer", "GET", "/api/v1/me").status; });
  for (auto& t : clients) t.join();
  for (int s : statuses) CHECK(s == 401);
  // And a password change ends the sessions too.
  REQUIRE(city.as("weidu", "GET", "/api/v1/me").status == 200);
  REQUIRE(city.server().cli({"user", "passwd", "--login", "weidu"}, "Another-Passw0rd-2026!\n", &out) == 0);
  CHECK(city.as("weidu", "GET", "/api/v1/me").status == 401);
  CHECK(city.dirtyConnections() == 0);
}

// tools/soak: TRELLIS_SOAK_SEED and TRELLIS_SOAK_MINUTES; prints the WAL size and a PASSIVE
// checkpoint's result every 10 s, fails on a divergence or when no checkpoint ever completes.
TEST_CASE("soak: the random session for minutes with the WAL and its checkpoints", "[.soak]") {
  const char* seed_env = std::getenv("TRELLIS_SOAK_SEED");
  const char* minutes_env = std::getenv("TRELLIS_SOAK_MINUTES");
  std::uint64_t seed = seed_env ? std::strtoull(seed_env, nullptr, 10) : 1;
  double minutes = minutes_env ? std::atof(minutes_env) : 1.0;
  DemoCity city(300);
  RandomSessionOptions o;
  o.seed = seed;
  o.max_steps = std::numeric_limits<std::int64_t>::max();
  o.max_time = std::chrono::milliseconds(static_cast<std::int64_t>(minutes * 60000));
  o.max_enterprises = 2000;
  auto start = std::chrono::steady_clock::now();
  std::int64_t max_wal = 0, completed = 0, reports = 0;
  // The -wal file keeps its size once grown (SQLite reuses it); a checkpoint that let the WAL
  // restart from its beginning shows as fewer frames in use than at the last report.
  std::int64_t previous_frames = 0, restarts = 0;
  o.report = [&](std::int64_t steps) {
    auto wal = city.walBytes();
    auto c = checkpoint(city.server().dbPath());
    max_wal = std::max(max_wal, wal);
    if (c.log >= 0 && c.log < previous_frames) ++restarts;
    previous_frames = std::max<std::int64_t>(c.log, 0);
    completed += c.complete() ? 1 : 0;
    ++reports;
    auto s = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start).count();
    std::cout << "soak t=" << s << "s calls=" << steps << " wal=" << wal / 1024 << " KiB checkpoint(busy "
              << c.busy << ", log " << c.log << ", checkpointed " << c.checkpointed << ")" << std::endl;
  };
  auto result = runRandomSession(city, o);
  for (const auto& d : result.divergences) FAIL_CHECK(d);
  auto dirty = city.dirtyConnections();
  std::cout << "soak seed=" << seed << " calls=" << result.steps << " enterprises=" << result.enterprises
            << " max_wal=" << max_wal / 1024 << " KiB checkpoints_complete=" << completed << "/" << reports
            << " wal_restarts=" << restarts << " dirty_connections=" << dirty << std::endl;
  CHECK(result.divergences.empty());
  CHECK(dirty == 0);
  CHECK((reports == 0 || completed > 0));
  CHECK((reports < 3 || restarts > 0));
  CHECK(max_wal < 64LL * 1024 * 1024);
}

}  // namespace trellis::consistencytest
