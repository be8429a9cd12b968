// The route table of /api/v1: every route with its method, pattern, action and thin handler
// (parse, call the service, serialize).
#pragma once
#include <cstdint>
#include <string>

#include "trellis/domain/catalog.h"
#include "trellis/http/router.h"
#include "trellis/service/enterprise_service.h"

namespace trellis::http {

struct ApiServices {
  service::EnterpriseService& enterprises;
  const domain::Catalog& catalog;
  std::int64_t schema_version;
  std::string version;  // the trellis release
};

// Adds the registry routes (health, regions, industries, enterprises) to router.
void addRegistryRoutes(Router& router, ApiServices& services);

// Reads a version from If-Match ("3", W/"3" or 3); nullopt when absent; Error bad_request when
// it is not a version this server issued.
std::optional<std::int64_t> ifMatchVersion(const Request& request);

}  // namespace trellis::http
