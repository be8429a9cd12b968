// Audit completeness over HTTP (issue 3 "Audit trail"; RELIABILITY.md T26): every change, sign-in,
// sign-out and refusal leaves exactly ONE row, with who, what, the request id, the client address
// and the field-level before/after. Rows are read from the database file and, as the auditor,
// through GET /api/v1/audit.
#include <catch2/catch.hpp>

#include "auth_harness.h"

namespace trellis::authtest {

TEST_CASE("auth http audit: each mutating request leaves exactly one row with the right before/after",
          "[http][auth]") {
  AuthServer server;
  auto users = server.demoUsers();
  const std::string db = server.dbPath();
  int n = 0;
  // Runs the request with a fresh X-Request-Id and returns (reply, the rows it appended).
  auto run = [&](const std::string& method, const std::string& path, const std::string& body, Headers h) {
    std::string rid = "audit-test-" + std::to_string(++n);
    h.emplace_back("X-Request-Id", rid);
    auto head = auditHead(db);
    auto reply = server.request(method, path, body, h);
    auto rows = auditRowsAfter(db, head);
    for (const auto& r : rows) {
      CHECK(r["request_id"] == rid);
      CHECK(r["client_address"] == "127.0.0.1");
    }
    return std::make_pair(reply, rows);
  };
  auto signIn = [&](const std::string& login, const std::string& password) {
    auto [r, rows] = run("POST", "/api/v1/session",
                         nlohmann::json{{"login", login}, {"password", password}, {"bearer", true}}.dump(), {});
    REQUIRE(r.status == 201);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["action"] == "session.create");
    CHECK(rows[0]["outcome"] == "success");
    CHECK(rows[0]["actor"] == login);
    CHECK(rows[0]["object_id"] == login);
    return r.json["token"].get<std::string>();
  };

  const std::string auditor = signIn("auditor", users["auditor"]);
  const std::string bureau = signIn("bureau", users["bureau"]);
  const std::string admin = signIn("admin", users["admin"]);
  const std::string weidu = signIn("weidu", users["weidu"]);
  const std::string changge = signIn("changge", users["changge"]);
  const std::string viewer = signIn("viewer", users["viewer"]);
  const std::string uscc = usccFor("411002", 777);

  {  // sign-in failure
    auto [r, rows] = run("POST", "/api/v1/session", R"({"login":"bureau","password":"Wrong#Password9"})", {});
    CHECK(r.status == 401);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["action"] == "session.create");
    CHECK(rows[0]["outcome"] == "denied");
    CHECK(rows[0]["actor"] == "bureau");
    CHECK(rows[0]["reason"] == "wrong password");
  }
  {  // create
    auto [r, rows] = run("POST", "/api/v1/enterprises", enterpriseJson("411002", 777, "411002"), {bearer(weidu)});
    REQUIRE(r.status == 201);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["action"] == "enterprise.create");
    CHECK(rows[0]["outcome"] == "success");
    CHECK(rows[0]["actor"] == "weidu");
    CHECK(rows[0]["role"] == "county");
    CHECK(rows[0]["actor_region"] == "411002");
    CHECK(rows[0]["object_type"] == "enterprise");
    CHECK(rows[0]["object_id"] == uscc);
    CHECK(rows[0]["object_region"] == "411002");
    auto ch = rows[0]["changes"];
    CHECK(ch["name"] == nlohmann::json::array({nullptr, "许昌授权测试电气有限公司"}));
    CHECK(ch["region"] == nlohmann::json::array({nullptr, "411002"}));
    CHECK(ch["uscc"] == nlohmann::json::array({nullptr, uscc}));
    CHECK_FALSE(ch.contains("version"));
  }
  std::string etag = server.request("GET", "/api/v1/enterprises/" + uscc, "", {bearer(bureau)}).header("ETag");
  {  // update: only the changed field, before and after
    auto [r, rows] = run("PATCH", "/api/v1/enterprises/" + uscc, R"({"address":"许昌市魏都区建设路1号","tags":["储备"]})",
                         {bearer(bureau), {"If-Match", etag}});
    REQUIRE(r.status == 200);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["action"] == "enterprise.update");
    CHECK(rows[0]["actor"] == "bureau");
    CHECK(rows[0]["changes"] == nlohmann::json::parse(R"({"address":["","许昌市魏都区建设路1号"],"tags":[[],["储备"]]})"));
  }
  {  // a stale version changes nothing and writes nothing
    auto [r, rows] = run("PATCH", "/api/v1/enterprises/" + uscc, R"({"address":"x"})", {bearer(bureau), {"If-Match", etag}});
    CHECK(r.status == 409);
    CHECK(rows.empty());
  }
  {  // archive
    auto [r, rows] = run("DELETE", "/api/v1/enterprises/" + uscc, "", {bearer(weidu)});
    REQUIRE(r.status == 200);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["action"] == "enterprise.archive");
    CHECK(rows[0]["changes"] == nlohmann::json::parse(R"({"archived":[false,true]})"));
  }
  {  // restore
    auto [r, rows] = run("POST", "/api/v1/enterprises/" + uscc + "/restore", "", {bearer(weidu)});
    REQUIRE(r.status == 200);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["action"] == "enterprise.restore");
    CHECK(rows[0]["changes"] == nlohmann::json::parse(R"({"archived":[true,false]})"));
  }
  {  // phone reveal is an audited read
    auto [r, rows] = run("GET", "/api/v1/enterprises/" + uscc + "/contact-phone", "", {bearer(weidu)});
    REQUIRE(r.status == 200);
    CHECK(r.json["contact_phone"] == "13812345678");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["action"] == "enterprise.reveal_phone");
    CHECK(rows[0]["object_id"] == uscc);
  }
  {  // refused by role (A3)
    auto [r, rows] = run("DELETE", "/api/v1/enterprises/" + uscc, "", {bearer(viewer)});
    CHECK(r.status == 403);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["action"] == "access.denied");
    CHECK(rows[0]["outcome"] == "denied");
    CHECK(rows[0]["actor"] == "viewer");
    CHECK(rows[0]["object_id"] == "DELETE /api/v1/enterprises/{uscc}");
  }
  {  // refused by scope: 404 to the caller, denied on the record
    auto [r, rows] = run("GET", "/api/v1/enterprises/" + uscc, "", {bearer(changge)});
    CHECK(r.status == 404);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["action"] == "enterprise.read");
    CHECK(rows[0]["outcome"] == "denied");
    CHECK(rows[0]["actor"] == "changge");
    CHECK(rows[0]["object_id"] == uscc);
  }
  {  // an out-of-scope write
    auto cur = server.request("GET", "/api/v1/enterprises/" + uscc, "", {bearer(bureau)});
    auto [r, rows] = run("PATCH", "/api/v1/enterprises/" + uscc, R"({"address":"x路"})",
                         {bearer(changge), {"If-Match", cur.header("ETag")}});
    CHECK(r.status == 404);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["action"] == "enterprise.update");
    CHECK(rows[0]["outcome"] == "denied");
    CHECK(server.request("GET", "/api/v1/enterprises/" + uscc, "", {bearer(bureau)}).json["address"] ==
          "许昌市魏都区建设路1号");
  }
  const std::string secret = "Kite#Harbor-2025x";
  {  // user create: the public view, never the password or its hash
    auto body = nlohmann::json{{"login", "zhao.lei"}, {"display_name", "赵磊"}, {"role", "county"},
                               {"region_scope", "411082"}, {"password", secret}};
    auto [r, rows] = run("POST", "/api/v1/users", body.dump(), {bearer(admin)});
    REQUIRE(r.status == 201);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["action"] == "user.create");
    CHECK(rows[0]["actor"] == "admin");
    CHECK(rows[0]["object_id"] == "zhao.lei");
    CHECK(rows[0]["changes"]["role"] == nlohmann::json::array({nullptr, "county"}));
    CHECK(rows[0]["changes"]["region_scope"] == nlohmann::json::array({nullptr, "411082"}));
    CHECK_FALSE(rows[0]["changes"].contains("password"));
    CHECK_FALSE(rows[0]["changes"].contains("password_hash"));
    CHECK(rows[0].dump().find(secret) == std::string::npos);
    CHECK(rows[0].dump().find("argon2") == std::string::npos);
    CHECK(r.body.find("argon2") == std::string::npos);
  }
  {  // user update
    auto [r, rows] = run("PATCH", "/api/v1/users/zhao.lei", R"J({"display_name":"赵磊(长葛)","region_scope":"411024"})J",
                         {bearer(admin)});
    REQUIRE(r.status == 200);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["action"] == "user.update");
    CHECK(rows[0]["changes"] ==
          nlohmann::json::parse(R"J({"display_name":["赵磊","赵磊(长葛)"],"region_scope":["411082","411024"]})J"));
  }
  {  // password set by the admin: "changed", nothing more
    auto [r, rows] = run("PATCH", "/api/v1/users/zhao.lei", R"({"password":"Other#Harbor-2026y"})", {bearer(admin)});
    REQUIRE(r.status == 200);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["changes"] == nlohmann::json::parse(R"({"password":"changed"})"));
  }
  {  // an admin may not touch enterprises (separation of duties): refused and recorded
    auto [r, rows] = run("POST", "/api/v1/enterprises", enterpriseJson("411002", 778, "411002"), {bearer(admin)});
    CHECK(r.status == 403);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["action"] == "access.denied");
  }
  {  // own password
    auto [r, rows] = run("PUT", "/api/v1/me/password",
                         nlohmann::json{{"current_password", users["viewer"]}, {"new_password", secret}}.dump(),
                         {bearer(viewer)});
    CHECK(r.status == 204);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["action"] == "user.password");
    CHECK(rows[0]["changes"] == nlohmann::json::parse(R"({"password":"changed"})"));
  }
  {  // logout
    auto [r, rows] = run("DELETE", "/api/v1/session", "", {bearer(changge)});
    CHECK(r.status == 204);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["action"] == "session.delete");
    CHECK(rows[0]["actor"] == "changge");
  }
  {  // reads change nothing and are not recorded (only reveals and refusals are)
    auto [r, rows] = run("GET", "/api/v1/enterprises/" + uscc, "", {bearer(weidu)});
    CHECK(r.status == 200);
    CHECK(rows.empty());
  }

  // The auditor sees the same rows through the API, filtered by object, and the chain holds.
  auto all = auditRowsAfter(db, 0);
  auto api = server.request("GET", "/api/v1/audit?limit=500", "", {bearer(auditor)});
  REQUIRE(api.status == 200);
  CHECK(api.json["items"].size() == all.size());
  auto mine = server.request("GET", "/api/v1/audit?object=" + uscc, "", {bearer(auditor)});
  REQUIRE(mine.status == 200);
  size_t expected = 0;
  for (const auto& r : all) expected += r["object_id"] == uscc;
  CHECK(mine.json["items"].size() == expected);
  CHECK(expected == 7);  // create, update, archive, restore, reveal, two scope refusals
  for (const auto& item : mine.json["items"]) CHECK(item["object"]["id"] == uscc);
  auto byUser = server.request("GET", "/api/v1/audit?user=changge", "", {bearer(auditor)});
  for (const auto& item : byUser.json["items"]) CHECK(item["actor"]["login"] == "changge");
  auto verify = server.request("GET", "/api/v1/audit/verify", "", {bearer(auditor)});
  REQUIRE(verify.status == 200);
  CHECK(verify.json["ok"] == true);
  CHECK(verify.json["rows_checked"] == all.size());
  // No secret in the whole trail.
  for (const auto& r : all) {
    CHECK(r.dump().find(secret) == std::string::npos);
    CHECK(r.dump().find(users["bureau"]) == std::string::npos);
    CHECK(r.dump().find(bureau) == std::string::npos);
  }
  // The audit trail hides phone numbers from roles that may not see them (admin, auditor).
  CHECK(api.body.find("13812345678") == std::string::npos);
}

}  // namespace trellis::authtest
