// The hash-chained, append-only audit trail (issue 3 "Audit trail"; RELIABILITY.md §5, T27).
// Tampering is done as an attacker with access to the file would: with the sqlite3 CLI, dropping
// the append-only triggers first. Both AuditRepository::verify and `trellis audit verify` (the real
// command-line entry point, run in this process) must name the first broken link.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "auth_fixture.h"
#include "trellis/app/commands.h"
#include "trellis/domain/audit.h"
#include "trellis/store/audit_repository.h"

namespace trellis::auth {
namespace {

using test::AuthWorld;

// Runs the sqlite3 CLI on the file with sql on stdin; returns its exit status and output.
std::pair<int, std::string> sqliteCli(const std::string& db_file, const std::string& sql) {
  std::string sql_file = db_file + ".sql";
  {
    std::FILE* f = std::fopen(sql_file.c_str(), "w");
    REQUIRE(f);
    std::fputs(sql.c_str(), f);
    std::fclose(f);
  }
  std::string cmd = "sqlite3 -bail '" + db_file + "' < '" + sql_file + "' 2>&1";
  std::FILE* p = ::popen(cmd.c_str(), "r");
  REQUIRE(p);
  std::string out;
  char buf[4096];
  while (size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  int status = ::pclose(p);
  std::remove(sql_file.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// `trellis audit verify …` through the same entry point as main(); stdout captured.
std::pair<int, std::string> auditVerifyCommand(const AuthWorld& w, const std::string& anchor = "") {
  std::vector<std::string> args = {"trellis", "audit", "verify", "--config",
                                   test::sourceDir() + "/config/trellis.properties", "--db", w.settings.db_path};
  if (!anchor.empty()) args.insert(args.end(), {"--anchor", anchor});
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::ostringstream captured;
  auto* old = std::cout.rdbuf(captured.rdbuf());
  int rc = app::runCommandLine(static_cast<int>(args.size()), argv.data());
  std::cout.rdbuf(old);
  return {rc, captured.str()};
}

store::AuditVerification verifyFile(AuthWorld& w) {
  store::AuditVerification v;
  w.db().read([&](store::Connection& c) { v = store::AuditRepository::verify(c); });
  return v;
}

// A world with 8 audit rows: users created, signed in, refused.
void fillAudit(AuthWorld& w) {
  w.addUser("zhang.wei", "bureau");
  w.addUser("li.na", "county", "411002");
  w.login("zhang.wei");
  w.loginError("zhang.wei", "Wrong#Password9");
  w.loginError("nobody.here", "Wrong#Password9");
  w.login("li.na");
  auto s = w.login("li.na");
  w.sessions().logout(*w.sessions().authenticate(s.token), {"192.0.2.10", "req-logout"});
  REQUIRE(w.auditCount() == 8);
}

const char* kDropTriggers = "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;\n";

}  // namespace

TEST_CASE("auth audit chain: appended rows link and verify", "[unit][auth]") {
  AuthWorld w;
  auto empty = verifyFile(w);
  CHECK(empty.ok);
  CHECK(empty.rows_checked == 0);
  CHECK(empty.head_hash == domain::kAuditGenesisHash);
  fillAudit(w);
  auto v = verifyFile(w);
  CHECK(v.ok);
  CHECK(v.rows_checked == 8);
  CHECK(v.first_bad_seq == 0);
  auto rows = w.auditAfter(0);
  REQUIRE(rows.size() == 8);
  CHECK(rows[0].prev_hash == domain::kAuditGenesisHash);
  for (size_t i = 0; i < rows.size(); ++i) {
    CHECK(rows[i].seq == static_cast<std::int64_t>(i + 1));
    CHECK(rows[i].row_hash == domain::auditRowHash(rows[i]));
    CHECK(rows[i].row_hash.size() == 64);
    if (i > 0) CHECK(rows[i].prev_hash == rows[i - 1].row_hash);
  }
  CHECK(v.head_hash == rows.back().row_hash);
  // Every row says when, who, what, and how it ended (MLPS 8.1.4.3 b).
  for (const auto& r : rows) {
    CHECK(r.ts.size() == 20);
    CHECK(r.ts.back() == 'Z');
    CHECK_FALSE(r.actor_login.empty());
    CHECK_FALSE(r.actor_role.empty());
    CHECK_FALSE(r.action.empty());
    CHECK_FALSE(r.outcome.empty());
  }

  auto [rc, out] = auditVerifyCommand(w, "8:" + v.head_hash);
  CHECK(rc == 0);
  CHECK(out.find("audit chain intact: 8 rows") != std::string::npos);
}

TEST_CASE("auth audit chain: the app's own connection cannot UPDATE or DELETE audit rows", "[unit][auth]") {
  AuthWorld w;
  fillAudit(w);
  for (const char* sql : {"UPDATE audit_log SET outcome = 'success' WHERE seq = 4",
                          "UPDATE audit_log SET actor_login = 'someone.else'",
                          "DELETE FROM audit_log WHERE seq = 8", "DELETE FROM audit_log"}) {
    INFO(sql);
    try {
      w.db().write([&](store::Connection& c) { c.exec(sql); });
      FAIL("the statement went through");
    } catch (const Error& e) {
      CHECK(std::string(e.what()).find("append-only") != std::string::npos);
    }
  }
  CHECK(w.auditCount() == 8);
  CHECK(verifyFile(w).ok);
}

TEST_CASE("auth audit chain: the sqlite3 CLI too is refused while the triggers stand", "[unit][auth]") {
  AuthWorld w;
  fillAudit(w);
  auto [rc, out] = sqliteCli(w.settings.db_path, "DELETE FROM audit_log WHERE seq = 3;\n");
  CHECK(rc != 0);
  CHECK(out.find("append-only") != std::string::npos);
  CHECK(w.auditCount() == 8);
}

TEST_CASE("auth audit chain: tampering through the sqlite3 CLI is found - first bad seq named", "[unit][auth]") {
  AuthWorld w;
  fillAudit(w);
  auto intact = verifyFile(w);
  REQUIRE(intact.ok);
  const std::string anchor = "8:" + intact.head_hash;
  w.runtime.reset();  // the server is stopped; the attacker edits the file

  struct Case {
    const char* what;
    std::string sql;
    std::int64_t first_bad;
  };
  const std::vector<Case> cases = {
      {"a middle row changed", "UPDATE audit_log SET outcome = 'success', reason = '' WHERE seq = 4;", 4},
      {"a middle row's actor changed", "UPDATE audit_log SET actor_login = 'li.na' WHERE seq = 3;", 3},
      {"a middle row deleted", "DELETE FROM audit_log WHERE seq = 5;", 5},
      {"two rows swapped (reordered)",
       "UPDATE audit_log SET seq = 100 WHERE seq = 6; UPDATE audit_log SET seq = 6 WHERE seq = 7;"
       " UPDATE audit_log SET seq = 7 WHERE seq = 100;",
       6},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.what) {
      auto [rc, out] = sqliteCli(w.settings.db_path, std::string(kDropTriggers) + c.sql + "\n");
      REQUIRE(rc == 0);
      INFO(out);
      w.restart();
      auto v = verifyFile(w);
      CHECK_FALSE(v.ok);
      CHECK(v.first_bad_seq == c.first_bad);
      auto [vrc, vout] = auditVerifyCommand(w);
      CHECK(vrc == 1);
      CHECK(vout.find("BROKEN at seq " + std::to_string(c.first_bad) + ":") != std::string::npos);
      INFO(vout);
    }
  }

  SECTION("one row changed and its hash recomputed: the next row's link breaks") {
    w.restart();
    auto rows = w.auditAfter(0);
    domain::AuditEntry forged = rows[3];  // seq 4, a refused sign-in
    forged.outcome = "success";
    forged.reason = "";
    std::string new_hash = domain::auditRowHash(forged);
    w.runtime.reset();
    auto [rc, out] = sqliteCli(w.settings.db_path, std::string(kDropTriggers) +
                                                       "UPDATE audit_log SET outcome = 'success', reason = '', row_hash = '" +
                                                       new_hash + "' WHERE seq = 4;\n");
    REQUIRE(rc == 0);
    w.restart();
    auto v = verifyFile(w);
    CHECK_FALSE(v.ok);
    CHECK(v.first_bad_seq == 5);
    CHECK(v.problem.find("prev_hash") != std::string::npos);
    auto [vrc, vout] = auditVerifyCommand(w);
    CHECK(vrc == 1);
    CHECK(vout.find("BROKEN at seq 5:") != std::string::npos);
  }

  SECTION("the last rows deleted: the chain still links, the anchor finds it") {
    auto [rc, out] = sqliteCli(w.settings.db_path, std::string(kDropTriggers) + "DELETE FROM audit_log WHERE seq > 5;\n");
    REQUIRE(rc == 0);
    w.restart();
    auto v = verifyFile(w);
    CHECK(v.ok);  // a chain in the same file cannot see its own tail go (RELIABILITY §5 "Anchoring")
    CHECK(v.rows_checked == 5);
    auto [vrc, vout] = auditVerifyCommand(w);
    CHECK(vrc == 0);
    auto [arc, aout] = auditVerifyCommand(w, anchor);
    CHECK(arc == 1);
    CHECK(aout.find("does not contain anchor " + anchor) != std::string::npos);
  }

  SECTION("the whole tail rewritten with fresh hashes: the anchor finds it") {
    w.restart();
    auto rows = w.auditAfter(0);
    w.runtime.reset();
    // Rewrite seq 6..8 with consistent hashes, as an attacker who knows the format would.
    std::string sql = kDropTriggers;
    std::string prev = rows[4].row_hash;
    for (size_t i = 5; i < rows.size(); ++i) {
      domain::AuditEntry e = rows[i];
      e.prev_hash = prev;
      e.client_address = "203.0.113.99";
      e.row_hash = domain::auditRowHash(e);
      sql += "UPDATE audit_log SET client_address = '203.0.113.99', prev_hash = '" + e.prev_hash + "', row_hash = '" +
             e.row_hash + "' WHERE seq = " + std::to_string(e.seq) + ";\n";
      prev = e.row_hash;
    }
    auto [rc, out] = sqliteCli(w.settings.db_path, sql);
    REQUIRE(rc == 0);
    w.restart();
    CHECK(verifyFile(w).ok);
    auto [arc, aout] = auditVerifyCommand(w, anchor);
    CHECK(arc == 1);
    // An anchor at a row before the rewrite still holds.
    auto [brc, bout] = auditVerifyCommand(w, "5:" + rows[4].row_hash);
    CHECK(brc == 0);
  }
}

TEST_CASE("auth audit chain: a malformed --anchor is refused", "[unit][auth]") {
  AuthWorld w;
  fillAudit(w);
  auto [rc, out] = auditVerifyCommand(w, "no-colon-here");
  CHECK(rc == 1);
  auto [rc2, out2] = auditVerifyCommand(w, "99:" + std::string(64, 'a'));
  CHECK(rc2 == 1);
}

}  // namespace trellis::auth
