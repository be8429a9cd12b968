// A deterministic Xuchang demo data set: realistic Chinese names over every region and the plan's
// industry chains, with valid USCCs. Same seed and count, same data, on any platform (the
// generator uses its own arithmetic on mt19937_64, not std distributions, whose output varies
// between standard libraries).
#pragma once
#include <cstdint>
#include <vector>

#include "trellis/domain/catalog.h"
#include "trellis/io/enterprise_json.h"

namespace trellis::app {

// 统一社会信用代码 for an enterprise (type 91) registered at `division` (6 digits), with the
// organisation-code part derived from `serial`; the inner GB 11714 and outer GB 32100 checks hold.
std::string demoUscc(const std::string& division, std::uint64_t serial);

std::vector<io::EnterpriseDraft> demoEnterprises(const domain::Catalog& catalog, std::uint64_t seed,
                                                 std::size_t count);

}  // namespace trellis::app
