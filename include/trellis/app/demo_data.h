// A deterministic Xuchang demo data set: realistic Chinese names over every region and the plan's
// industry chains, with valid USCCs. Same seed and count, same data, on any platform (the
// generator uses its own arithmetic on mt19937_64, not std distributions, whose output varies
// between standard libraries).
#pragma once
#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "trellis/domain/catalog.h"
#include "trellis/io/enterprise_json.h"

namespace trellis::app {

// 统一社会信用代码 for an enterprise (type 91) registered at `division` (6 digits), with the
// organisation-code part derived from `serial`; the inner GB 11714 and outer GB 32100 checks hold.
std::string demoUscc(const std::string& division, std::uint64_t serial);

// The generator behind demoEnterprises, handing out its sequence in chunks (the province-scale
// demo loads 200k enterprises a chunk at a time, so drafts never sit in memory all at once).
// next(a) then next(b) gives exactly what demoEnterprises(catalog, seed, a + b) gives. It keeps
// the names and codes handed out so far (to keep them unique): O(count) strings, not drafts.
class DemoEnterpriseGenerator {
 public:
  DemoEnterpriseGenerator(const domain::Catalog& catalog, std::uint64_t seed);
  std::vector<io::EnterpriseDraft> next(std::size_t count);

 private:
  const domain::Catalog& catalog_;
  std::uint64_t seed_;
  std::mt19937_64 rng_;
  std::size_t i_ = 0;  // candidates drawn so far (some are skipped as duplicates)
  std::set<std::string> names_, codes_;
};

std::vector<io::EnterpriseDraft> demoEnterprises(const domain::Catalog& catalog, std::uint64_t seed,
                                                 std::size_t count);

}  // namespace trellis::app
