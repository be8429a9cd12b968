// Private to the rules layer: readers for the per-stage rule-set versions of config/ladder.json.
#pragma once
#include "config_reader.h"
#include "trellis/rules/ladder_config.h"

namespace trellis::rules::detail {

TechSmeRules readTechSmeRules(const ConfigReader& r);
HnteRules readHnteRules(const ConfigReader& r);
LocalPolicyRules readLocalPolicyRules(const ConfigReader& r);

}  // namespace trellis::rules::detail
