// Issue 8 §3 "Inputs" against the real `trellis serve`: what a body, a text field, a yearly
// indicator set and a 统一社会信用代码 may be. Two families walk `trellis routes`, so a new write
// route is covered (or must be classified here) the day it is added:
//   - every POST/PUT/PATCH route gets a number out of range and a repeated key → 4xx JSON naming
//     the field, never a 500 (the anonymous sign-in included);
//   - every free-text field of every write route gets every forbidden character class → 422
//     control_character naming the field, and the audit trail (every write is audited) shows
//     that nothing was stored.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <functional>
#include <set>

#include "auth_harness.h"
#include "trellis/core/date.h"

namespace trellis::authtest {
namespace {

const std::string kPassword = "Inputs#Test-2026x";

int thisYear() { return dateAt(std::chrono::system_clock::now(), 480).year(); }
std::string y(int offset, const char* month_day) { return std::to_string(thisYear() + offset) + "-" + month_day; }

std::string percentEncoded(const std::string& s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    bool plain = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

// The full-width form of ASCII letters and digits (U+FF01..U+FF5E ↔ '!'..'~').
std::string fullWidth(const std::string& ascii) {
  std::string out;
  for (char c : ascii) {
    auto cp = static_cast<char32_t>(0xFF00 + (c - 0x20));
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

void checkError(const Reply& r, int status, const std::string& code, const std::string& field) {
  INFO("status " << r.status << " body " << r.body.substr(0, 400));
  CHECK(r.status == status);
  REQUIRE(r.json.is_object());
  REQUIRE(r.json.contains("error"));
  CHECK(r.json["error"]["code"] == code);
  CHECK(r.json["error"]["field"] == (field.empty() ? nlohmann::json(nullptr) : nlohmann::json(field)));
  CHECK(r.json["error"]["request_id"].is_string());
}

// A server with the demo users, an enterprise in 魏都区 and one of everything a write route names
// by id: a designation, a pool membership, a milestone, a liaison assignment, a problem.
struct World {
  AuthServer server{Properties{{"trellis.login.attempts_per_minute", "10000"}}};
  std::map<std::string, std::string> passwords;
  std::string admin, bureau;  // Bearer tokens
  std::string uscc;
  std::string designation_id, member_id, milestone_id, problem_id;
  std::uint64_t serial = 7000;

  World() {
    passwords = server.demoUsers();
    admin = server.signInBearer("admin", passwords.at("admin"));
    bureau = server.signInBearer("bureau", passwords.at("bureau"));
    server.addUser("li.inputs", "liaison", "411002", kPassword);
    server.addUser("target.inputs", "county", "411002", kPassword);
    uscc = created(enterpriseJson("411002", ++serial, "411002"));
    designation_id = idOf(as("POST", e("/designations"),
                             nlohmann::json{{"stage", "tech_sme"},
                                            {"starts_on", y(-1, "05-10")},
                                            {"number", "T" + std::to_string(thisYear() - 1) + "0001"}}),
                          201);
    member_id = idOf(as("POST", "/api/v1/pools/hnte_reserve/members",
                        nlohmann::json{{"uscc", uscc}, {"tier", "key"}, {"target_year", thisYear()}}),
                     201);
    milestone_id = idOf(as("POST", e("/roadmap/milestones"),
                           nlohmann::json{{"title", "走访核对研发辅助账"}, {"due_on", y(1, "01-15")}, {"kind", "coaching"}}),
                        201);
    REQUIRE(as("PUT", e("/liaison"), nlohmann::json{{"officer", "li.inputs"}}).status == 200);
    auto contact = as("POST", e("/contacts"),
                      nlohmann::json{{"summary", "走访，企业反映融资难"},
                                     {"problems", {{{"category", "funding"}, {"description", "需要流动资金贷款"}}}}});
    REQUIRE(contact.status == 201);
    problem_id = std::to_string(contact.json["problems"][0]["id"].get<std::int64_t>());
  }

  std::string e(const std::string& rest) const { return "/api/v1/enterprises/" + uscc + rest; }

  Reply as(const std::string& method, const std::string& path, const nlohmann::json& body, const std::string& token = "",
           Headers headers = {}) {
    headers.emplace_back(bearer(token.empty() ? bureau : token));
    return server.request(method, path, body.is_null() ? "" : body.dump(), headers);
  }

  std::string created(const std::string& body) {
    auto r = server.request("POST", "/api/v1/enterprises", body, {bearer(bureau)});
    INFO(r.body);
    REQUIRE(r.status == 201);
    return r.json["uscc"].get<std::string>();
  }

  static std::string idOf(const Reply& r, int status) {
    INFO(r.body);
    REQUIRE(r.status == status);
    return std::to_string(r.json["id"].get<std::int64_t>());
  }

  std::int64_t enterpriseVersion() {
    auto r = as("GET", e(""), nullptr);
    REQUIRE(r.status == 200);
    return r.json["version"].get<std::int64_t>();
  }

  // A route of `trellis routes` with its path parameters filled with this world's objects.
  std::string pathOf(std::string route) const {
    auto fill = [&](const std::string& param, const std::string& value) {
      for (auto p = route.find(param); p != std::string::npos; p = route.find(param)) route.replace(p, param.size(), value);
    };
    fill("{uscc}", uscc);
    fill("{login}", "target.inputs");
    fill("{year}", std::to_string(thisYear() - 1));
    fill("{pool}", "hnte_reserve");
    fill("{task}", "2");  // config/plan.json: task 2 is led by 市财政局
    fill("{metric}", "hnte");
    fill("{period}", "2020-2022");
    auto id = route.find("{id}");
    if (id != std::string::npos) {
      std::string value = route.find("/designations/") != std::string::npos ? designation_id
                          : route.find("/milestones/") != std::string::npos ? milestone_id
                          : route.find("/members/") != std::string::npos    ? member_id
                                                                            : problem_id;
      fill("{id}", value);
    }
    return route.substr(route.find(' ') + 1);
  }

  // "POST /api/v1/…" for each write route `trellis routes` prints.
  std::vector<std::string> writeRoutes() {
    std::string out;
    REQUIRE(server.cli({"routes"}, "", &out) == 0);
    auto routes = nlohmann::json::parse(out);
    std::vector<std::string> writes;
    for (const auto& r : routes) {
      std::string method = r["method"].get<std::string>();
      if (method == "POST" || method == "PUT" || method == "PATCH")
        writes.push_back(method + " " + r["path"].get<std::string>());
    }
    REQUIRE(writes.size() >= 20);
    return writes;
  }

  // Who reaches each route's handler: admin for user management, anonymous for sign-in.
  Headers principalFor(const std::string& route) const {
    if (route == "POST /api/v1/session") return {};
    if (route.find("/api/v1/users") != std::string::npos) return {bearer(admin)};
    return {bearer(bureau)};
  }
};

// Write routes that read no JSON body (the family checks they ignore one without a 5xx).
// The import upload's body is the file itself, not JSON (its bad files: import_api_test.cpp).
const std::set<std::string> kNoBody = {"POST /api/v1/enterprises/{uscc}/restore", "POST /api/v1/imports"};

struct BadBody {
  const char* what;
  std::string body;
  int status;
  const char* code;
  const char* field;
};

const std::vector<BadBody> kBadBodies = {
    {"1e309", R"({"value":1e309})", 422, "number_out_of_range", "value"},
    {"-1e309 nested", R"({"a":[{"b":-1e309}]})", 422, "number_out_of_range", "a[0].b"},
    {"2^64 - 1", R"({"version":18446744073709551615})", 422, "number_out_of_range", "version"},
    {"a repeated key", R"({"k":1,"k":2})", 400, "duplicate_key", "k"},
    {"a repeated nested key", R"({"o":{"k":"a","k":"b"}})", 400, "duplicate_key", "o.k"},
};

}  // namespace

TEST_CASE("{\"login\":\"x\",\"password\":1e309} answered 500 anonymously: it is 422 number_out_of_range naming password",
          "[http][inputs]") {
  AuthServer server;
  auto r = server.request("POST", "/api/v1/session", R"({"login":"x","password":1e309})");
  checkError(r, 422, "number_out_of_range", "password");
  CHECK(r.body.find("out_of_range.406") == std::string::npos);
  CHECK(server.request("GET", "/api/v1/health").status == 200);
}

TEST_CASE("a duplicate \"region\" was resolved last-wins: it is refused and nothing is registered", "[http][inputs]") {
  World w;
  std::string code = usccFor("411002", 7990);
  std::string body = R"({"uscc":")" + code + R"(","name":"许昌重复键电气有限公司","region":"411002","region":"411082"})";
  checkError(w.server.request("POST", "/api/v1/enterprises", body, {bearer(w.bureau)}), 400, "duplicate_key", "region");
  CHECK(w.as("GET", "/api/v1/enterprises/" + code, nullptr).status == 404);
  // A repeated login cannot pick which account a sign-in tries.
  auto signin = w.server.request(
      "POST", "/api/v1/session",
      R"({"login":"viewer","login":"bureau","password":")" + w.passwords.at("bureau") + R"(","bearer":true})");
  checkError(signin, 400, "duplicate_key", "login");
  CHECK_FALSE(signin.json.contains("token"));
}

TEST_CASE("every JSON write route refuses numbers out of range and repeated keys with a 4xx naming the field",
          "[http][inputs]") {
  World w;
  int checked = 0;
  for (const auto& route : w.writeRoutes()) {
    std::string method = route.substr(0, route.find(' '));
    std::string path = w.pathOf(route);
    for (const auto& bad : kBadBodies) {
      INFO(route << " with " << bad.what);
      auto r = w.server.request(method, path, bad.body, w.principalFor(route));
      CHECK(r.status < 500);
      if (kNoBody.count(route)) continue;
      checkError(r, bad.status, bad.code, bad.field);
      ++checked;
    }
  }
  std::printf("inputs: %d route × bad-body cases refused with a named field\n", checked);
  CHECK(w.server.request("GET", "/api/v1/health").status == 200);
}

namespace {

// One free-text field of one write route: the request that carries it, with `pointer` (a JSON
// pointer into the body, or "?reason" for a query parameter) where the poisoned text goes.
struct TextField {
  std::string route;  // as `trellis routes` prints it
  std::string pointer;
  std::string field;  // as the error names it
  std::function<nlohmann::json(World&)> body;
  std::string token_role = "bureau";
  std::function<Headers(World&)> headers = [](World&) { return Headers{}; };
};

std::vector<TextField> textFields() {
  auto enterprise = [](World& w) {
    auto j = nlohmann::json::parse(enterpriseJson("411002", ++w.serial, "411002"));
    j["aliases"] = {"许继"};
    j["tags"] = {"专精特新"};
    j["address"] = "许昌市魏都区测试路1号";
    j["legal_representative"] = "王五";
    return j;
  };
  auto patch = [](World& w) {
    return nlohmann::json{{"version", w.enterpriseVersion()}, {"name", "许昌输入测试电气有限公司"}, {"aliases", {"许继"}},
                          {"tags", {"专精特新"}}, {"address", "许昌市魏都区测试路2号"}, {"legal_representative", "赵六"}};
  };
  auto designation = [](World&) {
    return nlohmann::json{{"stage", "eaglet"}, {"starts_on", y(-1, "03-01")}, {"number", "雏鹰-1"},
                          {"source", "许科〔2025〕1号"}, {"evidence", "公示文件"}};
  };
  auto contact = [](World&) {
    return nlohmann::json{{"summary", "走访，企业反映融资难"},
                          {"met_with", "张经理"},
                          {"attendees", "王五、赵六"},
                          {"policies_explained", {"研发费用加计扣除"}},
                          {"problems", {{{"category", "funding"}, {"description", "需要流动资金贷款"}}}}};
  };
  auto pipeline = [](World&) {
    return nlohmann::json{{"kind", "coaching"}, {"result", "onsite"}, {"batch", "第一批"}, {"reasons", "材料不全"}, {"note", "备注"}};
  };
  auto ifMatch1 = [](World&) { return Headers{{"If-Match", "\"1\""}}; };
  const std::string E = "/api/v1/enterprises/{uscc}";
  auto graph_node = [](World& w) {
    return nlohmann::json{{"kind", "platform"},         {"name", "许昌输入测试平台" + std::to_string(++w.serial)},
                          {"region", "411002"},         {"sub_kind", "工程技术研究中心"},
                          {"level", "市级"},            {"status", "已认定"},
                          {"approving_body", "许昌市科学技术局"}};
  };
  auto graph_link = [](World&) {
    return nlohmann::json{{"kind", "partners_with"}, {"from", 1}, {"to", 2}, {"note", "合作备注"}};
  };
  std::vector<TextField> out = {
      {"POST /api/v1/graph/nodes", "/name", "name", graph_node},
      {"POST /api/v1/graph/nodes", "/approving_body", "approving_body", graph_node},
      {"POST /api/v1/graph/links", "/note", "note", graph_link},
      {"POST /api/v1/enterprises", "/name", "name", enterprise},
      {"POST /api/v1/enterprises", "/aliases/0", "aliases", enterprise},
      {"POST /api/v1/enterprises", "/tags/0", "tags", enterprise},
      {"POST /api/v1/enterprises", "/address", "address", enterprise},
      {"POST /api/v1/enterprises", "/legal_representative", "legal_representative", enterprise},
      {"PATCH " + E, "/name", "name", patch},
      {"PATCH " + E, "/aliases/0", "aliases", patch},
      {"PATCH " + E, "/tags/0", "tags", patch},
      {"PATCH " + E, "/address", "address", patch},
      {"PATCH " + E, "/legal_representative", "legal_representative", patch},
      {"POST /api/v1/users", "/display_name", "display_name",
       [](World& w) {
         return nlohmann::json{{"login", "inputs.u" + std::to_string(++w.serial)}, {"display_name", "输入测试"},
                               {"role", "viewer"}, {"region_scope", "411002"}, {"password", "Matrix#Password-99"}};
       },
       "admin"},
      {"PATCH /api/v1/users/{login}", "/display_name", "display_name",
       [](World&) { return nlohmann::json{{"display_name", "输入测试"}}; }, "admin"},
      {"POST " + E + "/designations", "/number", "number", designation},
      {"POST " + E + "/designations", "/source", "source", designation},
      {"POST " + E + "/designations", "/evidence", "evidence", designation},
      {"POST " + E + "/designations/{id}/correction", "/number", "number", designation},
      {"POST " + E + "/designations/{id}/correction", "/source", "source", designation},
      {"POST " + E + "/designations/{id}/correction", "/evidence", "evidence", designation},
      {"POST " + E + "/designations/{id}/revoke", "/reason", "reason",
       [](World&) { return nlohmann::json{{"revoked_on", y(-1, "12-20")}, {"reason", "年报未报"}}; }},
      {"PUT " + E + "/expert-scores/{year}", "/note", "note",
       [](World&) { return nlohmann::json{{"ip_quality", 20}, {"note", "专家意见"}}; }},
      {"POST " + E + "/roadmap/milestones", "/title", "title",
       [](World&) { return nlohmann::json{{"title", "准备材料"}, {"due_on", y(1, "02-01")}, {"kind", "coaching"}}; }},
      {"PATCH " + E + "/roadmap/milestones/{id}", "/title", "title",
       [](World&) { return nlohmann::json{{"title", "准备材料"}, {"version", 1}}; }},
      {"POST " + E + "/roadmap/milestones/{id}/waive", "/reason", "reason",
       [](World&) { return nlohmann::json{{"reason", "不再需要"}}; }},
      {"POST " + E + "/roadmap/milestones/{id}/reopen", "/reason", "reason",
       [](World&) { return nlohmann::json{{"reason", "误点完成"}}; }},
      {"POST /api/v1/pools/{pool}/members", "/note", "note",
       [](World& w) { return nlohmann::json{{"uscc", w.uscc}, {"tier", "key"}, {"note", "重点培育"}}; }},
      {"POST /api/v1/pools/{pool}/members/{id}/pipeline", "/batch", "batch", pipeline},
      {"POST /api/v1/pools/{pool}/members/{id}/pipeline", "/reasons", "reasons", pipeline},
      {"POST /api/v1/pools/{pool}/members/{id}/pipeline", "/note", "note", pipeline},
      {"PUT " + E + "/liaison", "/reason", "reason",
       [](World&) { return nlohmann::json{{"officer", "li.inputs"}, {"reason", "调整"}}; }},
      {"POST " + E + "/liaison", "/reason", "reason",
       [](World&) { return nlohmann::json{{"officer", "li.inputs"}, {"reason", "调整"}}; }},
      {"DELETE " + E + "/liaison", "?reason", "reason", [](World&) { return nlohmann::json(nullptr); }},
      {"POST /api/v1/reports/tasks/{task}/status", "/note", "note",
       [](World&) { return nlohmann::json{{"status", "in_progress"}, {"unit", "市财政局"}, {"note", "已建立研发辅助账"}}; }},
      {"POST /api/v1/liaison/assignments", "/reason", "reason",
       [](World& w) {
         return nlohmann::json{{"assignments", {{{"uscc", w.uscc}, {"officer", "li.inputs"}}}}, {"reason", "批量调整"}};
       }},
      {"POST " + E + "/contacts", "/summary", "summary", contact},
      {"POST " + E + "/contacts", "/met_with", "met_with", contact},
      {"POST " + E + "/contacts", "/attendees", "attendees", contact},
      {"POST " + E + "/contacts", "/policies_explained/0", "policies_explained", contact},
      {"POST " + E + "/contacts", "/problems/0/description", "problems[0].description", contact},
      {"PATCH /api/v1/problems/{id}", "/note", "note",
       [](World&) { return nlohmann::json{{"status", "in_progress"}, {"note", "跟进中"}}; }, "bureau", ifMatch1},
      {"PATCH /api/v1/problems/{id}", "/resolution", "resolution",
       [](World&) { return nlohmann::json{{"status", "in_progress"}, {"resolution", "已协调"}}; }, "bureau", ifMatch1},
  };
  return out;
}

// Write routes whose bodies hold no free text: only enums, dates, numbers, booleans, logins,
// codes and passwords (the password rules are the sign-in's).
const std::set<std::string> kNoFreeText = {
    // A graph node's PUT takes the POST's text fields, checked by the same code (GraphService
    // checkTexts) — but only after the node is found, which no {id} here names; ending a link
    // takes a date only.
    "PUT /api/v1/graph/nodes/{id}",
    "POST /api/v1/graph/links/{id}/end",
    // An exact-betweenness job takes a node kind (a closed list), a number and a date.
    "POST /api/v1/graph/centrality/jobs",
    "POST /api/v1/session",
    "PUT /api/v1/me/password",
    "POST /api/v1/enterprises/{uscc}/restore",
    "PUT /api/v1/enterprises/{uscc}/indicators/{year}",
    "PUT /api/v1/enterprises/{uscc}/ladder-facts",
    "POST /api/v1/enterprises/{uscc}/roadmap/milestones/{id}/complete",
    "POST /api/v1/pools/{pool}/members/{id}/exit",
    "PUT /api/v1/reports/targets/{metric}/{period}",
    // Import: commit and revert take a flag and row numbers; the upload's texts (?name=, ?sheet=)
    // pass checkTextField and are refused with invisible characters in import_api_test.cpp.
    "POST /api/v1/imports",
    "POST /api/v1/imports/{id}/commit",
    "POST /api/v1/imports/{id}/revert",
    // The recheck's one text, sheet, passes checkTextField only once the batch is found (no {id}
    // here names one); its invisible characters are refused in import_mapping_test.cpp.
    "POST /api/v1/imports/{id}/mapping",
};

struct Forbidden {
  const char* what;
  const char* utf8;
};

const Forbidden kForbidden[] = {
    {"C0 control U+0007", "\x07"},
    {"C1 control U+0085", "\xC2\x85"},
    {"right-to-left override U+202E", "\xE2\x80\xAE"},
    {"left-to-right embedding U+202A", "\xE2\x80\xAA"},
    {"pop directional formatting U+202C", "\xE2\x80\xAC"},
    {"right-to-left isolate U+2067", "\xE2\x81\xA7"},
    {"pop directional isolate U+2069", "\xE2\x81\xA9"},
    {"left-to-right mark U+200E", "\xE2\x80\x8E"},
    {"right-to-left mark U+200F", "\xE2\x80\x8F"},
    {"Arabic letter mark U+061C", "\xD8\x9C"},
    {"zero-width space U+200B", "\xE2\x80\x8B"},
    {"zero-width non-joiner U+200C", "\xE2\x80\x8C"},
    {"zero-width joiner U+200D", "\xE2\x80\x8D"},
    {"word joiner U+2060", "\xE2\x81\xA0"},
    {"zero-width no-break space U+FEFF", "\xEF\xBB\xBF"},
    {"soft hyphen U+00AD", "\xC2\xAD"},
    {"line separator U+2028", "\xE2\x80\xA8"},
    {"tag character U+E0041", "\xF3\xA0\x81\x81"},
    {"Hangul filler U+3164", "\xE3\x85\xA4"},
};

}  // namespace

TEST_CASE("bidi controls and zero-width characters were stored in names, addresses, summaries and attendees: every "
          "free-text field of every write route refuses every invisible class",
          "[http][inputs]") {
  World w;
  auto fields = textFields();

  // The table and `trellis routes` cover each other: a new write route is classified here.
  std::set<std::string> with_text;
  for (const auto& f : fields) with_text.insert(f.route);
  for (const auto& route : w.writeRoutes()) {
    INFO(route);
    CHECK((with_text.count(route) == 1 || kNoFreeText.count(route) == 1));
  }

  std::int64_t head = auditHead(w.server.dbPath());
  int refused = 0;
  for (const auto& f : fields) {
    std::string method = f.route.substr(0, f.route.find(' '));
    std::string path = w.pathOf(f.route);
    Headers headers = f.headers(w);
    headers.emplace_back(bearer(f.token_role == "admin" ? w.admin : w.bureau));
    int n = 0;
    for (const auto& bad : kForbidden) {
      INFO(f.route << " field " << f.field << " with " << bad.what);
      std::string poisoned = std::string("许昌") + bad.utf8 + "测试";
      std::string body, target = path;
      if (f.pointer == "?reason") {
        target += "?reason=" + percentEncoded(poisoned);
      } else {
        nlohmann::json j = f.body(w);
        j[nlohmann::json::json_pointer(f.pointer)] = poisoned;
        body = j.dump(-1, ' ', (n++ % 2) == 1);  // every other class as a \u escape
      }
      auto r = w.server.request(method, target, body, headers);
      checkError(r, 422, "control_character", f.field);
      ++refused;
    }
  }
  CHECK(auditHead(w.server.dbPath()) == head);  // nothing was written
  std::printf("inputs: %d free-text fields × %zu invisible classes = %d refusals, nothing stored\n",
              static_cast<int>(fields.size()), std::size(kForbidden), refused);
  CHECK(refused == static_cast<int>(fields.size() * std::size(kForbidden)));
}

TEST_CASE("emoji were stored in registered names: names and aliases take Chinese characters, letters, digits and "
          "（）·-& only; free text keeps emoji and punctuation",
          "[http][inputs]") {
  World w;
  std::int64_t head = auditHead(w.server.dbPath());
  struct Bad {
    const char* what;
    const char* field;
    std::string value;
  };
  for (const auto& bad : std::vector<Bad>{{"emoji in the name", "name", "许昌\xF0\x9F\x98\x80电气有限公司"},
                                          {"a star in the name", "name", "许昌★电气有限公司"},
                                          {"a comma in the name", "name", "许昌电气，有限公司"},
                                          {"emoji in an alias", "aliases", "许继\xF0\x9F\x9A\x80"}}) {
    INFO(bad.what);
    auto j = nlohmann::json::parse(enterpriseJson("411002", ++w.serial, "411002"));
    if (std::string(bad.field) == "aliases") j["aliases"] = {bad.value};
    else j["name"] = bad.value;
    checkError(w.server.request("POST", "/api/v1/enterprises", j.dump(), {bearer(w.bureau)}), 422, "name_charset", bad.field);
    checkError(w.as("PATCH", w.e(""),
                    std::string(bad.field) == "aliases" ? nlohmann::json{{"version", w.enterpriseVersion()}, {"aliases", {bad.value}}}
                                                        : nlohmann::json{{"version", w.enterpriseVersion()}, {"name", bad.value}}),
               422, "name_charset", bad.field);
  }
  CHECK(auditHead(w.server.dbPath()) == head);

  for (const std::string name : {"许继电气（许昌）有限公司", "TCL科技集团股份有限公司", "许昌A&B·中德-智能装备有限公司",
                                 "ＡＢＢ（许昌）电气有限公司", "二〇二〇许昌科技有限公司"}) {
    INFO(name);
    auto j = nlohmann::json::parse(enterpriseJson("411002", ++w.serial, "411002"));
    j["name"] = name;
    j["aliases"] = {"XJ Electric"};
    auto r = w.server.request("POST", "/api/v1/enterprises", j.dump(), {bearer(w.bureau)});
    INFO(r.body);
    CHECK(r.status == 201);
    CHECK(r.json["name"] == name);
  }
  auto contact = w.as("POST", w.e("/contacts"),
                      nlohmann::json{{"summary", "走访顺利\xF0\x9F\x91\x8D；企业反映：“融资难”……（已记录）"}});
  CHECK(contact.status == 201);
}

TEST_CASE("rd_personnel 20 with rd_expense_total 10 was stored: cross-field impossibilities are 422 naming the field",
          "[http][inputs]") {
  World w;
  std::string path = w.e("/indicators/" + std::to_string(thisYear() - 1));
  checkError(w.as("PUT", path, nlohmann::json{{"rd_personnel", 20}, {"rd_expense_total", 10}}), 422, "rd_items_exceed_total",
             "rd_expense_total");
  checkError(w.as("PUT", path, nlohmann::json{{"rd_commissioned", 13}, {"rd_expense_total", 10}}), 422,
             "rd_items_exceed_total", "rd_expense_total");  // 80% of 13 = 10.4
  checkError(w.as("PUT", path, nlohmann::json{{"total_income", 100}, {"non_taxable_income", 30}, {"high_tech_income", 71}}),
             422, "exceeds_total_income", "high_tech_income");
  checkError(w.as("PUT", path, nlohmann::json{{"employees", 10}, {"st_staff", 11}}), 422, "st_staff_exceeds_employees",
             "st_staff");
  checkError(w.as("PUT", path, nlohmann::json{{"rd_expense_total", 10}, {"rd_expense_domestic", 11}}), 422, "exceeds_total",
             "rd_expense_domestic");
  checkError(w.as("GET", path, nullptr), 404, "indicators_not_found", "");  // nothing stored

  auto ok = w.as("PUT", path, nlohmann::json{{"rd_personnel", 2}, {"rd_commissioned", 10}, {"rd_expense_total", 10},
                                             {"total_income", 100}, {"non_taxable_income", 30}, {"high_tech_income", 70},
                                             {"total_costs", 5}});
  INFO(ok.body);
  CHECK(ok.status == 200);  // at the bounds, and R&D above total costs is possible (capitalised R&D)
}

TEST_CASE("a full-width 统一社会信用代码 was refused as \"must be 18 characters, got 54\": body and path normalise it",
          "[http][inputs]") {
  World w;
  std::string code = usccFor("411002", 7777);
  std::string wide = fullWidth(code);
  auto j = nlohmann::json::parse(enterpriseJson("411002", 7777, "411002"));
  j["uscc"] = "\xE3\x80\x80" + wide + " ";
  auto created = w.server.request("POST", "/api/v1/enterprises", j.dump(), {bearer(w.bureau)});
  INFO(created.body);
  REQUIRE(created.status == 201);
  CHECK(created.json["uscc"] == code);

  // The same code again in any form is the same enterprise.
  j["uscc"] = fullWidth(code);
  CHECK(w.server.request("POST", "/api/v1/enterprises", j.dump(), {bearer(w.bureau)}).status == 409);

  std::string lower = code;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const std::string& form : {wide, fullWidth(lower), fullWidth(code.substr(0, 9)) + code.substr(9)}) {
    INFO(form);
    std::string p = "/api/v1/enterprises/" + percentEncoded(form);
    auto got = w.as("GET", p, nullptr);
    CHECK(got.status == 200);
    CHECK(got.json["uscc"] == code);
    CHECK(w.as("GET", p + "/indicators", nullptr).status == 200);
    CHECK(w.as("GET", p + "/liaison", nullptr).status == 200);
  }
  auto pooled = w.as("POST", "/api/v1/pools/hnte_reserve/members", nlohmann::json{{"uscc", wide}, {"tier", "key"}});
  INFO(pooled.body);
  CHECK(pooled.status == 201);

  // Length errors count characters.
  j["uscc"] = fullWidth(code.substr(0, 17));
  auto short_code = w.server.request("POST", "/api/v1/enterprises", j.dump(), {bearer(w.bureau)});
  checkError(short_code, 422, "uscc_length", "uscc");
  CHECK(short_code.json["error"]["message"].get<std::string>().find("got 17") != std::string::npos);
  checkError(w.as("GET", "/api/v1/enterprises/" + percentEncoded(fullWidth(code.substr(0, 17))), nullptr), 422,
             "uscc_length", "uscc");
}

}  // namespace trellis::authtest
