// Reads config/regions.json and config/industries.json into a domain::Catalog.
#pragma once
#include <string>

#include "trellis/domain/catalog.h"

namespace trellis::io {

// Throws Error invalid naming the file and the JSON path at fault; the service refuses to start.
domain::Catalog loadCatalog(const std::string& regions_path, const std::string& industries_path);

}  // namespace trellis::io
