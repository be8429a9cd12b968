#include <nlohmann/json.hpp>

#include "trellis/auth/policy.h"
#include "trellis/core/error.h"
#include "list_answer.h"
#include "trellis/http/api_routes.h"
#include "trellis/http/table_download.h"
#include "trellis/io/enterprise_json.h"

namespace trellis::http {
namespace {

Response enterpriseResponse(int status, const service::EnterpriseView& v) {
  Response r;
  r.status = status;
  r.body = io::enterpriseJsonText(v.enterprise, v.phone_masked);
  r.with("ETag", etagOf(v.enterprise.version));
  return r;
}

}  // namespace

std::optional<std::int64_t> ifMatchVersion(const Request& request) {
  std::string v = request.header("If-Match");
  if (v.empty()) return std::nullopt;
  if (v.rfind("W/", 0) == 0) v = v.substr(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  if (v.empty() || v.size() > 12 || v.find_first_not_of("0123456789") != std::string::npos)
    throw Error(errc::invalid_if_match, "If-Match must carry the version (ETag) you read", "If-Match");
  return std::stoll(v);
}

std::string etagOf(std::int64_t version) {
  std::string tag = "\"";
  return tag.append(std::to_string(version)).append("\"");
}

void addRegistryRoutes(Router& router, ApiServices& s) {
  router.add({"GET", "/api/v1/health", "public", [&s](Request&) {
                return Response::json(200, {{"status", "ok"},
                                            {"version", s.version},
                                            {"schema_version", s.schema_version},
                                            {"dirty_connections", s.dirty_connections ? s.dirty_connections() : 0}});
              }});

  router.add({"GET", "/api/v1/regions", "catalog.read", [&s](Request&) {
                nlohmann::json items = nlohmann::json::array();
                for (const auto& r : s.catalog.allRegions()) {
                  items.push_back({{"code", r.code}, {"name", r.name}, {"type", domain::regionTypeName(r.type)},
                                   {"parent", orNull(r.parent_code)},
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
                auto v = s.enterprises.create(r.caller, io::parseEnterpriseDraft(r.json()));
                return enterpriseResponse(201, v).with("Location", "/api/v1/enterprises/" + v.enterprise.uscc);
              }});

  router.add({"GET", "/api/v1/enterprises", "enterprise.list", [&s](Request& r) {
                r.allowParams({"region", "industry", "tag", "q", "limit", "cursor", "include_archived", "total", "rung",
                               "pool", "designation_expiring_within", "sort", "order", "format"});
                TableFormat format = tableFormat(r, false);
                service::ListQuery q;
                readTextParams(r, {{"region", &q.region},
                                   {"industry", &q.industry},
                                   {"tag", &q.tag},
                                   {"q", &q.q},
                                   {"cursor", &q.cursor},
                                   {"rung", &q.rung},
                                   {"pool", &q.pool},
                                   {"sort", &q.sort},
                                   {"order", &q.order}});
                if (auto limit = r.intParam("limit")) q.limit = *limit;
                q.include_archived = r.flagParam("include_archived");
                q.want_total = r.flagParam("total");
                q.designation_expiring_within = r.intParam("designation_expiring_within", 0, 3660);
                if (format != TableFormat::json)
                  return tableDownload(format, "enterprises", "企业名单",
                                       [&](domain::TableSink& sink) { s.exports.enterprises(r.caller, q, sink); });
                auto l = s.enterprises.list(r.caller, q);
                return Response::json(
                    200, io::enterpriseListToJson(l.items, l.rungs, l.pools, l.phone_masked, l.next_cursor, l.total));
              }});

  router.add({"GET", "/api/v1/enterprises/{uscc}", "enterprise.read", [&s](Request& r) {
                return enterpriseResponse(200, s.enterprises.get(r.caller, r.path_params[0]));
              }});

  router.add({"PATCH", "/api/v1/enterprises/{uscc}", "enterprise.update", [&s](Request& r) {
                auto patch = io::parseEnterprisePatch(r.json());
                return enterpriseResponse(200, s.enterprises.update(r.caller, r.path_params[0], patch, ifMatchVersion(r)));
              }});

  router.add({"DELETE", "/api/v1/enterprises/{uscc}", "enterprise.archive", [&s](Request& r) {
                return enterpriseResponse(200, s.enterprises.archive(r.caller, r.path_params[0]));
              }});

  router.add({"POST", "/api/v1/enterprises/{uscc}/restore", "enterprise.restore", [&s](Request& r) {
                return enterpriseResponse(200, s.enterprises.restore(r.caller, r.path_params[0]));
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
  addImportRoutes(router, services);
  addGraphRoutes(router, services);
  for (const auto& route : router.routes())
    if (!auth::isKnownAction(route.action))
      throw std::invalid_argument("route " + route.method + " " + route.pattern + " declares action '" + route.action +
                                  "', which the access policy does not know");
  return router;
}

}  // namespace trellis::http
