// Reference for tools/bench figure 2: the raw SQLite commit rate of the write a PATCH makes —
// one UPDATE of an enterprise row plus its history INSERT and (mode "audit", the default since
// issue 3 put an audit row in every change's transaction) the hash-chained audit_log row, in
// BEGIN IMMEDIATE … COMMIT, with the service's settings (WAL, synchronous=FULL, foreign_keys=ON)
// — in a plain C++ loop, no HTTP.
//
//   raw_commit DB SECONDS MAX_COMMITS [audit|no-audit]
//     → prints "commits=N seconds=S rate=R p50_ms=… p99_ms=…"
//
// Rows are taken round-robin from the loaded set; each commit bumps the row's version and
// appends a history row with a JSON snapshot of the row's real size (built from its columns).
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

[[noreturn]] void die(sqlite3* db, const char* what) {
  std::fprintf(stderr, "raw_commit: %s: %s\n", what, db ? sqlite3_errmsg(db) : "?");
  std::exit(1);
}

void exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::fprintf(stderr, "raw_commit: %s: %s\n", sql, err ? err : "?");
    std::exit(1);
  }
}

sqlite3_stmt* prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK) die(db, sql);
  return st;
}

void done(sqlite3* db, sqlite3_stmt* st) {
  if (sqlite3_step(st) != SQLITE_DONE) die(db, sqlite3_sql(st));
  sqlite3_reset(st);
}

struct Row {
  long long id, version;
  std::string uscc, name, aliases, region, industry, founded, address, person, phone, tags, created;
};

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') { out += "\\n"; continue; }
    out += c;
  }
  return out + "\"";
}

// The same fields, in the same order, as the service's history snapshot (io::enterpriseToJson).
std::string snapshot(const Row& r, const std::string& now) {
  return "{\"uscc\":" + quoted(r.uscc) + ",\"uscc_checksum_override\":false,\"name\":" + quoted(r.name) +
         ",\"aliases\":[" + quoted(r.aliases) + "],\"region\":" + quoted(r.region) + ",\"industry\":" +
         quoted(r.industry) + ",\"founded_on\":" + quoted(r.founded) + ",\"address\":" + quoted(r.address) +
         ",\"legal_representative\":" + quoted(r.person) + ",\"contact_phone\":" + quoted(r.phone) +
         ",\"contact_phone_masked\":false,\"tags\":[" + (r.tags.empty() ? "" : quoted(r.tags)) +
         "],\"archived\":false,\"created_at\":" + quoted(r.created) + ",\"updated_at\":" + quoted(now) +
         ",\"version\":" + std::to_string(r.version) + "}";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 && argc != 5) {
    std::fprintf(stderr, "usage: raw_commit DB SECONDS MAX_COMMITS [audit|no-audit]\n");
    return 2;
  }
  bool with_audit = argc == 4 || std::string(argv[4]) == "audit";
  double seconds = std::atof(argv[2]);
  long long max_commits = std::atoll(argv[3]);
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) die(db, "open");
  sqlite3_busy_timeout(db, 5000);
  exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");

  std::vector<Row> rows;
  {
    sqlite3_stmt* st = prepare(db,
        "SELECT id, version, uscc, name, aliases, region_code, industry, coalesce(founded_on,''), address, "
        "legal_representative, contact_phone, tags, created_at FROM enterprise ORDER BY id LIMIT 2000");
    auto col = [&](int i) { auto p = sqlite3_column_text(st, i); return std::string(p ? (const char*)p : ""); };
    while (sqlite3_step(st) == SQLITE_ROW) {
      rows.push_back({sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), col(2), col(3), col(4), col(5),
                      col(6), col(7), col(8), col(9), col(10), col(11), col(12)});
    }
    sqlite3_finalize(st);
  }
  if (rows.empty()) die(db, "no enterprises loaded");

  sqlite3_stmt* begin = prepare(db, "BEGIN IMMEDIATE");
  sqlite3_stmt* commit = prepare(db, "COMMIT");
  sqlite3_stmt* upd = prepare(db,
      "UPDATE enterprise SET address=?2, updated_at=?3, version=?4 WHERE uscc=?1 AND version=?5");
  sqlite3_stmt* hist = prepare(db,
      "INSERT INTO enterprise_history(enterprise_id, version, change, changed_at, snapshot) "
      "VALUES (?1, ?2, 'update', ?3, ?4)");
  // The audit row as the service writes it: the previous row's hash read, the new row inserted
  // with its own (the hash arithmetic itself is a microsecond; what is measured is the write).
  sqlite3_stmt* last = prepare(db, "SELECT seq, row_hash FROM audit_log ORDER BY seq DESC LIMIT 1");
  sqlite3_stmt* audit = prepare(db,
      "INSERT INTO audit_log(seq, ts, request_id, actor_id, actor_login, actor_role, actor_region, client_address, "
      "action, object_type, object_id, object_region, outcome, reason, changes, prev_hash, row_hash) "
      "VALUES (?1, ?2, 'bench', 1, 'bench', 'bureau', '', '127.0.0.1', 'enterprise.update', 'enterprise', ?3, ?4, "
      "'success', '', ?5, ?6, ?7)");

  std::vector<double> lat;
  auto t0 = std::chrono::steady_clock::now();
  long long n = 0;
  for (; n < max_commits; ++n) {
    auto s = std::chrono::steady_clock::now();
    if (std::chrono::duration<double>(s - t0).count() >= seconds) break;
    Row& r = rows[static_cast<size_t>(n) % rows.size()];
    std::string now = "2024-01-01T00:00:00." + std::to_string(n) + "Z";
    r.address = "河南省许昌市魏都区许由路" + std::to_string(n % 1000) + "号";
    done(db, begin);
    sqlite3_bind_text(upd, 1, r.uscc.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(upd, 2, r.address.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(upd, 3, now.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(upd, 4, r.version + 1);
    sqlite3_bind_int64(upd, 5, r.version);
    done(db, upd);
    if (sqlite3_changes(db) != 1) die(db, "update matched no row");
    r.version += 1;
    std::string snap = snapshot(r, now);
    sqlite3_bind_int64(hist, 1, r.id);
    sqlite3_bind_int64(hist, 2, r.version);
    sqlite3_bind_text(hist, 3, now.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(hist, 4, snap.c_str(), -1, SQLITE_TRANSIENT);
    done(db, hist);
    if (with_audit) {
      long long seq = 1;
      std::string prev(64, '0');
      if (sqlite3_step(last) == SQLITE_ROW) {
        seq = sqlite3_column_int64(last, 0) + 1;
        prev = reinterpret_cast<const char*>(sqlite3_column_text(last, 1));
      }
      sqlite3_reset(last);
      std::string changes = "{\"address\":[\"\"," + quoted(r.address) + "]}";
      std::string hash = prev.substr(1) + prev.substr(0, 1);  // 64 hex characters, changing each row
      sqlite3_bind_int64(audit, 1, seq);
      sqlite3_bind_text(audit, 2, now.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(audit, 3, r.uscc.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(audit, 4, r.region.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(audit, 5, changes.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(audit, 6, prev.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(audit, 7, hash.c_str(), -1, SQLITE_TRANSIENT);
      done(db, audit);
    }
    done(db, commit);
    lat.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s).count());
  }
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::sort(lat.begin(), lat.end());
  auto pct = [&](double p) { return lat.empty() ? 0.0 : lat[std::min(lat.size() - 1, size_t(p * lat.size()))]; };
  std::printf("commits=%lld seconds=%.3f rate=%.1f p50_ms=%.3f p99_ms=%.3f\n", n, elapsed, n / elapsed, pct(0.5),
              pct(0.99));
  for (auto* st : {begin, commit, upd, hist, last, audit}) sqlite3_finalize(st);
  sqlite3_close(db);
  return 0;
}
