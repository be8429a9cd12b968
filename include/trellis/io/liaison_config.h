// Reads config/liaison.json and config/problem_categories.json into a domain::LiaisonConfig.
#pragma once
#include <string>

#include "trellis/domain/liaison.h"

namespace trellis::io {

// Throws Error invalid naming the file and the JSON path at fault (missing or duplicate codes,
// a default that is not listed, a cadence that is not a positive number of days, a flag other
// than green/amber/red); the service refuses to start.
domain::LiaisonConfig loadLiaisonConfig(const std::string& liaison_path, const std::string& categories_path);

}  // namespace trellis::io
