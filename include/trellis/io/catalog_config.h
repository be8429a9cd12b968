// Reads config/regions.json and config/industries.json into a domain::Catalog.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "trellis/domain/catalog.h"

namespace trellis::io {

// Throws Error invalid naming the file and the JSON path at fault; the service refuses to start.
domain::Catalog loadCatalog(const std::string& regions_path, const std::string& industries_path);

// A config file parsed as JSON; Error invalid "config_missing" / "config_invalid" naming it.
nlohmann::json readConfigJson(const std::string& path);

}  // namespace trellis::io
