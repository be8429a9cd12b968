#include <nlohmann/json.hpp>

#include "trellis/core/error.h"
#include "list_answer.h"
#include "trellis/domain/audit_actions.h"
#include "trellis/http/access_gate.h"
#include "trellis/http/api_routes.h"
#include "trellis/http/table_download.h"
#include "trellis/io/audit_json.h"
#include "trellis/io/cursor.h"
#include "trellis/io/enterprise_json.h"
#include "trellis/io/json_body.h"

namespace trellis::http {
namespace {

constexpr std::size_t kMaxNameLookups = 200;

// locked: the sign-in throttle's per-login ceiling holds the login (auth::LoginThrottle T3).
nlohmann::json userJson(const domain::User& u, bool locked) {
  return {{"login", u.login},
          {"display_name", u.display_name},
          {"role", u.role},
          {"region_scope", orNull(u.region_scope)},
          {"active", u.active},
          {"locked", locked},
          {"created_at", u.created_at},
          {"updated_at", u.updated_at}};
}

nlohmann::json principalJson(const auth::Principal& p) {
  return {{"login", p.login},
          {"display_name", p.display_name},
          {"role", p.role},
          {"region_scope", orNull(p.region_scope)}};
}

std::string cookie(const std::string& value, std::int64_t max_age, bool secure) {
  return std::string(kSessionCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
         std::to_string(max_age) + (secure ? "; Secure" : "");
}


service::UserChange parseUserChange(const nlohmann::json& body) {
  io::requireKnownFields(body, {"display_name", "role", "region_scope", "password", "active"});
  service::UserChange ch;
  if (body.contains("display_name")) ch.display_name = io::stringField(body, "display_name");
  if (body.contains("role")) ch.role = io::stringField(body, "role");
  if (body.contains("region_scope"))
    ch.region_scope = body.at("region_scope").is_null() ? std::string() : io::stringField(body, "region_scope");
  if (body.contains("password")) ch.password = io::stringField(body, "password");
  if (body.contains("active")) ch.active = io::boolField(body, "active");
  return ch;
}

}  // namespace

void addAccessRoutes(Router& router, ApiServices& s) {
  router.add({"POST", "/api/v1/session", "public", [&s](Request& r) {
                auto body = r.json();
                io::requireKnownFields(body, {"login", "password", "bearer"});
                if (!body.contains("login")) throw Error(errc::required, "login is required", "login");
                if (!body.contains("password")) throw Error(errc::required, "password is required", "password");
                bool bearer = body.contains("bearer") && io::boolField(body, "bearer");
                auto signin = s.sessions.login(io::stringField(body, "login"), io::stringField(body, "password"),
                                               {r.client_address, r.request_id});
                const auto& p = signin.principal;
                nlohmann::json out = {{"user", principalJson(p)},
                                      {"csrf_token", p.csrf_token},
                                      {"idle_expires_at", formatTimestamp(TimePoint(std::chrono::seconds(p.idle_expires_at)))},
                                      {"absolute_expires_at",
                                       formatTimestamp(TimePoint(std::chrono::seconds(p.absolute_expires_at)))}};
                // API clients ask for a Bearer token; browsers get an HttpOnly cookie that script cannot read.
                if (bearer) out["token"] = signin.token;
                Response resp = Response::json(201, out);
                if (!bearer) resp.with("Set-Cookie", cookie(signin.token, s.sessions.settings().absolute_seconds, s.secure_cookie));
                return resp;
              }});

  router.add({"GET", "/api/v1/me", "session", [&s](Request& r) {
                auto u = s.users.get(r.caller.user);
                nlohmann::json user = userJson(u, s.sessions.loginBlocked(u.login));
                return Response::json(200, {{"user", user}, {"csrf_token", r.csrf_token}});
              }});

  // The people behind the logins a page shows: ?logins=a,b (at most 200) → {"names": {login: name}}.
  // Scoped as UserService::displayNames; a login the caller may not know is absent from names.
  router.add({"GET", "/api/v1/user-names", "session", [&s](Request& r) {
                r.allowParams({"logins"});
                auto logins = r.listParam("logins", kMaxNameLookups);
                nlohmann::json names = nlohmann::json::object();
                for (const auto& [login, name] : s.users.displayNames(r.caller, logins)) names[login] = name;
                return Response::json(200, {{"names", names}});
              }});

  router.add({"DELETE", "/api/v1/session", "session", [&s](Request& r) {
                auth::Principal p;
                p.user_id = r.caller.user_id;
                p.login = r.caller.user;
                p.role = domain::roleName(r.caller.role);
                p.region_scope = r.caller.region_scope;
                p.token_hash = r.session_token_hash;
                s.sessions.logout(p, {r.client_address, r.request_id});
                return Response::noContent().with("Set-Cookie", cookie("", 0, s.secure_cookie));
              }});

  router.add({"PUT", "/api/v1/me/password", "session", [&s](Request& r) {
                auto body = r.json();
                io::requireKnownFields(body, {"current_password", "new_password"});
                if (!body.contains("current_password") || !body.contains("new_password"))
                  throw Error(errc::required, "current_password and new_password are required", body.contains("current_password") ? "new_password" : "current_password");
                s.users.changeOwnPassword(r.caller, io::stringField(body, "current_password"),
                                          io::stringField(body, "new_password"), r.session_token_hash);
                return Response::noContent();
              }});

  router.add({"GET", "/api/v1/users", "user.read", [&s](Request&) {
                nlohmann::json items = nlohmann::json::array();
                for (const auto& u : s.users.list()) items.push_back(userJson(u, s.sessions.loginBlocked(u.login)));
                return Response::json(200, {{"items", items}});
              }});

  router.add({"GET", "/api/v1/users/{login}", "user.read", [&s](Request& r) {
                auto u = s.users.get(r.path_params[0]);
                return Response::json(200, userJson(u, s.sessions.loginBlocked(u.login)));
              }});

  router.add({"POST", "/api/v1/users", "user.write", [&s](Request& r) {
                auto body = r.json();
                io::requireKnownFields(body, {"login", "display_name", "role", "region_scope", "password"});
                service::NewUser n;
                for (const char* f : {"login", "display_name", "role", "password"})
                  if (!body.contains(f)) throw Error(errc::required, std::string(f) + " is required", f);
                n.login = io::stringField(body, "login");
                n.display_name = io::stringField(body, "display_name");
                n.role = io::stringField(body, "role");
                n.password = io::stringField(body, "password");
                if (body.contains("region_scope") && !body.at("region_scope").is_null())
                  n.region_scope = io::stringField(body, "region_scope");
                auto u = s.users.create(r.caller, n);
                return Response::json(201, userJson(u, false)).with("Location", "/api/v1/users/" + u.login);
              }});

  router.add({"PATCH", "/api/v1/users/{login}", "user.write", [&s](Request& r) {
                auto u = s.users.change(r.caller, r.path_params[0], parseUserChange(r.json()));
                return Response::json(200, userJson(u, s.sessions.loginBlocked(u.login)));
              }});

  router.add({"GET", "/api/v1/audit", "audit.read", [&s](Request& r) {
                r.allowParams({"object_type", "object", "user", "from", "to", "limit", "cursor", "format"});
                TableFormat format = tableFormat(r, false);
                store::AuditFilter f;
                readTextParams(r, {{"object_type", &f.object_type},
                                   {"object", &f.object_id},
                                   {"user", &f.user},
                                   {"from", &f.from},
                                   {"to", &f.to}});
                for (const auto* bound : {&f.from, &f.to})
                  if (!bound->empty() && !Date::parse(bound->substr(0, 10)))
                    throw Error(errc::invalid_date, "from/to must be ISO 8601 dates", bound == &f.from ? "from" : "to");
                f.limit = static_cast<int>(r.intParam("limit", 0, 9999).value_or(100));
                if (auto c = r.param("cursor")) f.after_seq = io::decodeCursor(*c);
                if (format != TableFormat::json)  // every row the filters select, oldest first
                  return tableDownload(format, "audit", "审计日志",
                                       [&](domain::TableSink& sink) { s.exports.audit(r.caller, f, sink); });
                auto rows = s.audit.query(f);
                nlohmann::json items = nlohmann::json::array();
                for (const auto& e : rows) items.push_back(io::auditEntryToJson(e));
                bool more = static_cast<int>(rows.size()) == f.limit;
                return Response::json(200, {{"items", items},
                                            {"next_cursor", more ? nlohmann::json(io::encodeCursor(rows.back().seq))
                                                                 : nlohmann::json(nullptr)}});
              }});

  router.add({"GET", "/api/v1/audit/names", "audit.read", [](Request& r) {
                r.allowParams({});
                return Response::json(200, {{"actions", io::auditNamesToJson(domain::auditActionNames())},
                                            {"object_types", io::auditNamesToJson(domain::auditObjectTypeNames())}});
              }});

  router.add({"GET", "/api/v1/audit/verify", "audit.read", [&s](Request&) {
                auto v = s.audit.verify();
                nlohmann::json out = {{"ok", v.ok}, {"rows_checked", v.rows_checked}, {"head_hash", v.head_hash}};
                if (!v.ok) out["first_bad_seq"] = v.first_bad_seq, out["problem"] = v.problem;
                return Response::json(200, out);
              }});
}

}  // namespace trellis::http
