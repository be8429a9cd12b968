#include <nlohmann/json.hpp>

#include "trellis/auth/policy.h"
#include "trellis/core/error.h"
#include "trellis/http/api_routes.h"
#include "trellis/io/enterprise_json.h"

namespace trellis::http {
namespace {

// Contact phone numbers are shown only to roles whose duty needs them (PIPL, RELIABILITY §4.5).
bool maskPhoneFor(const service::Caller& caller) {
  return !(auth::seesPhoneNumbers(caller.role) || caller.role == "system");
}

Response enterpriseResponse(int status, const domain::Enterprise& e, const service::Caller& caller) {
  Response r;
  r.status = status;
  r.body = io::enterpriseJsonText(e, maskPhoneFor(caller));
  r.with("ETag", "\"" + std::to_string(e.version) + "\"");
  return r;
}

std::int64_t intParam(const Request& r, const std::string& name) {
  auto v = r.param(name);
  if (!v || v->empty() || v->size() > 9 || v->find_first_not_of("0123456789") != std::string::npos)
    throw Error::invalid(name, "not_a_number", name + " must be a whole number");
  return std::stoll(*v);
}

bool boolParam(const Request& r, const std::string& name) {
  auto v = r.param(name);
  if (!v) return false;
  if (*v == "true" || *v == "1") return true;
  if (*v == "false" || *v == "0") return false;
  throw Error::invalid(name, "not_a_boolean", name + " must be true or false");
}

}  // namespace

std::optional<std::int64_t> ifMatchVersion(const Request& request) {
  std::string v = request.header("If-Match");
  if (v.empty()) return std::nullopt;
  if (v.rfind("W/", 0) == 0) v = v.substr(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  if (v.empty() || v.size() > 12 || v.find_first_not_of("0123456789") != std::string::npos)
    throw Error::badRequest("invalid_if_match", "If-Match must carry the version (ETag) you read", "If-Match");
  return std::stoll(v);
}

void addRegistryRoutes(Router& router, ApiServices& s) {
  router.add({"GET", "/api/v1/health", "public", [&s](Request&) {
                return Response::json(200, {{"status", "ok"}, {"version", s.version}, {"schema_version", s.schema_version}});
              }});

  router.add({"GET", "/api/v1/regions", "catalog.read", [&s](Request&) {
                nlohmann::json items = nlohmann::json::array();
                for (const auto& r : s.catalog.allRegions()) {
                  items.push_back({{"code", r.code}, {"name", r.name}, {"type", domain::regionTypeName(r.type)},
                                   {"parent", r.parent_code.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.parent_code)},
                                   {"host_divisions", r.host_division_codes}});
                }
                return Response::json(200, {{"items", items}});
              }});

  router.add({"GET", "/api/v1/industries", "catalog.read", [&s](Request&) {
                nlohmann::json items = nlohmann::json::array();
                for (const auto& i : s.catalog.industries) items.push_back({{"code", i.code}, {"name", i.name}});
                return Response::json(200, {{"items", items}});
              }});

  router.add({"POST", "/api/v1/enterprises", "enterprise.create", [&s](Request& r) {
                auto e = s.enterprises.create(r.caller, io::parseEnterpriseDraft(r.json()));
                return enterpriseResponse(201, e, r.caller).with("Location", "/api/v1/enterprises/" + e.uscc);
              }});

  router.add({"GET", "/api/v1/enterprises", "enterprise.list", [&s](Request& r) {
                r.allowParams({"region", "industry", "tag", "q", "limit", "cursor", "include_archived", "total"});
                service::ListQuery q;
                q.region = r.param("region").value_or("");
                q.industry = r.param("industry").value_or("");
                q.tag = r.param("tag").value_or("");
                q.q = r.param("q").value_or("");
                if (r.param("limit")) q.limit = intParam(r, "limit");
                q.cursor = r.param("cursor").value_or("");
                q.include_archived = boolParam(r, "include_archived");
                q.want_total = boolParam(r, "total");
                auto result = s.enterprises.list(r.caller, q);
                nlohmann::json items = nlohmann::json::array();
                bool mask = maskPhoneFor(r.caller);
                for (const auto& e : result.page.items) items.push_back(io::enterpriseToJson(e, mask));
                nlohmann::json body = {{"items", items},
                                       {"next_cursor", result.next_cursor.empty() ? nlohmann::json(nullptr)
                                                                                  : nlohmann::json(result.next_cursor)}};
                if (result.page.total) body["total"] = *result.page.total;
                return Response::json(200, body);
              }});

  router.add({"GET", "/api/v1/enterprises/{uscc}", "enterprise.read", [&s](Request& r) {
                return enterpriseResponse(200, s.enterprises.get(r.caller, r.path_params[0]), r.caller);
              }});

  router.add({"PATCH", "/api/v1/enterprises/{uscc}", "enterprise.update", [&s](Request& r) {
                auto patch = io::parseEnterprisePatch(r.json());
                auto e = s.enterprises.update(r.caller, r.path_params[0], patch, ifMatchVersion(r));
                return enterpriseResponse(200, e, r.caller);
              }});

  router.add({"DELETE", "/api/v1/enterprises/{uscc}", "enterprise.archive", [&s](Request& r) {
                return enterpriseResponse(200, s.enterprises.archive(r.caller, r.path_params[0]), r.caller);
              }});

  router.add({"POST", "/api/v1/enterprises/{uscc}/restore", "enterprise.restore", [&s](Request& r) {
                return enterpriseResponse(200, s.enterprises.restore(r.caller, r.path_params[0]), r.caller);
              }});

  router.add({"GET", "/api/v1/enterprises/{uscc}/contact-phone", "enterprise.reveal_phone", [&s](Request& r) {
                return Response::json(200, {{"contact_phone", s.enterprises.revealPhone(r.caller, r.path_params[0])}});
              }});
}

Router buildApiRouter(ApiServices& services) {
  Router router;
  addRegistryRoutes(router, services);
  addAccessRoutes(router, services);
  addLiaisonRoutes(router, services);
  addLadderRoutes(router, services);
  addReportRoutes(router, services);
  for (const auto& route : router.routes())
    if (!auth::isKnownAction(route.action))
      throw std::invalid_argument("route " + route.method + " " + route.pattern + " declares action '" + route.action +
                                  "', which the access policy does not know");
  return router;
}

}  // namespace trellis::http
