// The enterprise tables on a real SQLite file: round-trips, optimistic versions, cursor pages,
// 2-character Chinese search, USCC prefixes, filters and the append-only history.
#include "trellis/store/enterprise_repository.h"

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <set>

#include "store_fixture.h"
#include "trellis/app/demo_data.h"
#include "trellis/core/error.h"

namespace trellis::store {
namespace {

using domain::Enterprise;

Enterprise make(const std::string& uscc, const std::string& name, const std::string& region = "411002",
                const std::string& industry = "power_equipment") {
  Enterprise e;
  e.uscc = uscc;
  e.name = name;
  e.region_code = region;
  e.industry = industry;
  e.created_at = e.updated_at = "2026-01-05T08:00:00Z";
  return e;
}

std::string code(std::uint64_t serial, const std::string& division = "411002") { return app::demoUscc(division, serial); }

struct Fixture : test::TestDatabase {
  std::int64_t insert(const Enterprise& e) {
    std::int64_t id = 0;
    db->write([&](Connection& c) { id = EnterpriseRepository::insert(c, e); });
    return id;
  }
  std::optional<Enterprise> find(const std::string& uscc) {
    std::optional<Enterprise> e;
    db->read([&](Connection& c) { e = EnterpriseRepository::findByUscc(c, uscc); });
    return e;
  }
  EnterprisePage list(const EnterpriseFilter& f) {
    EnterprisePage p;
    db->read([&](Connection& c) { p = EnterpriseRepository::list(c, f); });
    return p;
  }
  std::vector<std::string> names(const EnterpriseFilter& f) {
    std::vector<std::string> out;
    for (const auto& e : list(f).items) out.push_back(e.name);
    return out;
  }
};

EnterpriseFilter query(const std::string& q) {
  EnterpriseFilter f;
  f.q = q;
  f.limit = 500;
  return f;
}

}  // namespace

TEST_CASE_METHOD(Fixture, "an enterprise round-trips through the file with every field", "[unit][store]") {
  Enterprise e = make(code(1), "许继电气股份有限公司");
  e.uscc_checksum_override = true;
  e.aliases = {"许继电气", "XJ Electric"};
  e.founded_on = Date(1996, 12, 6);
  e.address = "河南省许昌市魏都区许继大道1298号";
  e.legal_representative = "张学深";
  e.contact_phone = "0374-3212834";
  e.tags = {"上市后备", "专精特新"};
  e.version = 9;  // ignored: inserts start at 1
  std::int64_t id = insert(e);
  CHECK(id > 0);

  auto got = find(e.uscc);
  REQUIRE(got);
  CHECK(got->id == id);
  CHECK(got->uscc == e.uscc);
  CHECK(got->uscc_checksum_override);
  CHECK(got->name == e.name);
  CHECK(got->aliases == e.aliases);
  CHECK(got->region_code == "411002");
  CHECK(got->industry == "power_equipment");
  CHECK(got->founded_on == Date(1996, 12, 6));
  CHECK(got->address == e.address);
  CHECK(got->legal_representative == e.legal_representative);
  CHECK(got->contact_phone == e.contact_phone);
  CHECK(got->tags == e.tags);
  CHECK_FALSE(got->archived);
  CHECK(got->created_at == e.created_at);
  CHECK(got->version == 1);

  SECTION("an empty optional field stays empty") {
    Enterprise bare = make(code(2), "许昌简单有限公司");
    insert(bare);
    auto b = find(bare.uscc);
    REQUIRE(b);
    CHECK_FALSE(b->founded_on);
    CHECK(b->aliases.empty());
    CHECK(b->tags.empty());
  }
  SECTION("unknown codes are not found") { CHECK_FALSE(find(code(3))); }
  SECTION("a second insert of the code is a conflict") {
    try {
      insert(make(e.uscc, "许昌另一家有限公司"));
      FAIL("duplicate inserted");
    } catch (const Error& err) {
      CHECK(err.kind() == ErrorKind::conflict);
      CHECK(err.code() == "duplicate");
    }
    std::int64_t n = 0;
    db->read([&](Connection& c) { n = EnterpriseRepository::count(c); });
    CHECK(n == 1);
  }
  SECTION("a region that does not exist is refused by the foreign key") {
    CHECK_THROWS_AS(insert(make(code(4), "许昌无区有限公司", "419999")), Error);
  }
}

TEST_CASE_METHOD(Fixture, "update applies only at the expected version", "[unit][store]") {
  insert(make(code(10), "许昌恒达电气有限公司"));
  Enterprise e = *find(code(10));

  Enterprise changed = e;
  changed.name = "许昌瑞祥电气有限公司";
  changed.tags = {"外资"};
  changed.version = 2;
  bool ok = false;
  db->write([&](Connection& c) { ok = EnterpriseRepository::update(c, e, changed); });
  CHECK(ok);
  CHECK(find(code(10))->name == "许昌瑞祥电气有限公司");
  CHECK(find(code(10))->version == 2);

  SECTION("a stale expected version changes nothing") {
    Enterprise stale = e;  // read at version 1, which is no longer current
    Enterprise stale_edit = e;
    stale_edit.name = "许昌过时有限公司";
    stale_edit.version = 2;
    bool applied = true;
    db->write([&](Connection& c) { applied = EnterpriseRepository::update(c, stale, stale_edit); });
    CHECK_FALSE(applied);
    auto now = find(code(10));
    CHECK(now->name == "许昌瑞祥电气有限公司");
    CHECK(now->version == 2);
  }
  SECTION("only changed columns are written: untouched ones keep their stored values") {
    Enterprise current = *find(code(10));
    Enterprise edit = current;
    edit.address = "魏都区新址";
    edit.version = 3;
    db->write([&](Connection& c) { REQUIRE(EnterpriseRepository::update(c, current, edit)); });
    auto now = find(code(10));
    CHECK(now->address == "魏都区新址");
    CHECK(now->name == "许昌瑞祥电气有限公司");
    CHECK(now->tags == std::vector<std::string>{"外资"});
    CHECK(now->region_code == current.region_code);
    CHECK(now->version == 3);
  }
  SECTION("search grams and tags follow the new values") {
    CHECK(names(query("瑞祥")) == std::vector<std::string>{"许昌瑞祥电气有限公司"});
    CHECK(names(query("恒达")).empty());
    EnterpriseFilter t;
    t.tag = "外资";
    CHECK(list(t).items.size() == 1);
  }
}

TEST_CASE_METHOD(Fixture, "list pages with a cursor in id order and counts the total", "[unit][store]") {
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 7; ++i) ids.push_back(insert(make(code(100 + i), "许昌第" + std::to_string(i) + "电气有限公司")));

  EnterpriseFilter f;
  f.limit = 3;
  f.want_total = true;
  std::vector<std::int64_t> seen;
  std::vector<size_t> sizes;
  for (int page = 0; page < 10; ++page) {
    auto p = list(f);
    REQUIRE(p.total);
    CHECK(*p.total == 7);
    sizes.push_back(p.items.size());
    for (const auto& e : p.items) seen.push_back(e.id);
    if (!p.next_after_id) break;
    CHECK(*p.next_after_id == p.items.back().id);
    f.after_id = *p.next_after_id;
  }
  CHECK(sizes == std::vector<size_t>{3, 3, 1});
  CHECK(seen == ids);

  SECTION("exactly one page has no next cursor") {
    EnterpriseFilter all;
    all.limit = 7;
    CHECK_FALSE(list(all).next_after_id);
    CHECK_FALSE(list(all).total);  // only when asked
  }
  SECTION("archived rows are hidden unless asked for") {
    Enterprise before = *find(code(103));
    Enterprise e = before;
    e.archived = true;
    e.version = 2;
    db->write([&](Connection& c) { REQUIRE(EnterpriseRepository::update(c, before, e)); });
    EnterpriseFilter g;
    g.want_total = true;
    CHECK(*list(g).total == 6);
    g.include_archived = true;
    CHECK(*list(g).total == 7);
  }
}

TEST_CASE_METHOD(Fixture, "q finds 2-character Chinese fragments, longer fragments and USCC prefixes", "[unit][store]") {
  auto a = make(code(201), "许继电气股份有限公司");
  a.aliases = {"许继"};
  insert(a);
  auto b = make(code(202), "河南森源电气股份有限公司");
  b.aliases = {"许继集团关联企业"};  // the fragment only in an alias
  insert(b);
  insert(make(code(203), "许昌继电保护设备有限公司"));  // 许 and 继 but not adjacent
  auto d = make(code(204, "411081"), "禹州5G通信科技有限公司", "411081", "5g");
  insert(d);

  CHECK(names(query("许继")) == std::vector<std::string>{"许继电气股份有限公司", "河南森源电气股份有限公司"});
  CHECK(names(query("继电")) == std::vector<std::string>{"许继电气股份有限公司", "许昌继电保护设备有限公司"});
  CHECK(names(query("许继电气")) == std::vector<std::string>{"许继电气股份有限公司"});
  CHECK(names(query("电气股份")).size() == 2);
  CHECK(names(query("继许")).empty());
  CHECK(names(query("保护设备")) == std::vector<std::string>{"许昌继电保护设备有限公司"});
  CHECK(names(query("气 股")).empty());

  SECTION("Latin fragments match case-insensitively") {
    CHECK(names(query("5g")) == std::vector<std::string>{"禹州5G通信科技有限公司"});
    CHECK(names(query("5G通信")) == std::vector<std::string>{"禹州5G通信科技有限公司"});
  }
  SECTION("a USCC prefix, any case") {
    CHECK(names(query(code(204, "411081").substr(0, 10))) == std::vector<std::string>{"禹州5G通信科技有限公司"});
    std::string lower = code(201).substr(0, 12);
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto got = names(query(lower));
    CHECK(std::find(got.begin(), got.end(), "许继电气股份有限公司") != got.end());
    CHECK(names(query(code(202))) == std::vector<std::string>{"河南森源电气股份有限公司"});  // the whole code
    CHECK(names(query("914110")).size() == 4);
    CHECK(names(query("9141108")).size() == 1);
  }
  SECTION("search pages with a cursor and counts") {
    EnterpriseFilter f = query("电气");
    f.limit = 1;
    f.want_total = true;
    auto p1 = list(f);
    REQUIRE(p1.items.size() == 1);
    CHECK(*p1.total == 2);
    REQUIRE(p1.next_after_id);
    f.after_id = *p1.next_after_id;
    auto p2 = list(f);
    REQUIRE(p2.items.size() == 1);
    CHECK(p2.items[0].name != p1.items[0].name);
    CHECK_FALSE(p2.next_after_id);
  }
  SECTION("combined with filters") {
    EnterpriseFilter f = query("电气");
    f.region = "411081";
    CHECK(names(f).empty());
    f.region = "411002";
    CHECK(names(f).size() == 2);
    f.scope.regions = {"411081"};
    CHECK(names(f).empty());
  }
}

TEST_CASE_METHOD(Fixture, "region, industry, tag and scope filters", "[unit][store]") {
  auto a = make(code(301), "许昌甲有限公司", "411002", "power_equipment");
  a.tags = {"专精特新", "外资"};
  auto b = make(code(302, "411082"), "长葛乙有限公司", "411082", "recycled_metal");
  b.tags = {"专精特新"};
  auto c = make(code(303), "许昌丙有限公司", "411000-SFQ", "hair_products");
  insert(a);
  insert(b);
  insert(c);
  auto by = [&](auto set) {
    EnterpriseFilter f;
    set(f);
    return names(f);
  };
  CHECK(by([](auto& f) { f.region = "411082"; }) == std::vector<std::string>{"长葛乙有限公司"});
  CHECK(by([](auto& f) { f.region = "411000-SFQ"; }) == std::vector<std::string>{"许昌丙有限公司"});
  CHECK(by([](auto& f) { f.region = "411024"; }).empty());
  CHECK(by([](auto& f) { f.industry = "power_equipment"; }) == std::vector<std::string>{"许昌甲有限公司"});
  CHECK(by([](auto& f) { f.tag = "专精特新"; }) == std::vector<std::string>{"许昌甲有限公司", "长葛乙有限公司"});
  CHECK(by([](auto& f) { f.tag = "外资"; }) == std::vector<std::string>{"许昌甲有限公司"});
  CHECK(by([](auto& f) { f.tag = "专精"; }).empty());
  CHECK(by([](auto& f) { f.tag = "专精特新"; f.region = "411082"; }) == std::vector<std::string>{"长葛乙有限公司"});
  CHECK(by([](auto& f) { f.scope.regions = {"411002", "411000-SFQ"}; }) ==
        std::vector<std::string>{"许昌甲有限公司", "许昌丙有限公司"});
}

TEST_CASE_METHOD(Fixture, "history is append-only", "[unit][store]") {
  std::int64_t id = insert(make(code(401), "许昌历史有限公司"));
  db->write([&](Connection& c) {
    EnterpriseRepository::appendHistory(c, id, 1, "create", "2026-01-05T08:00:00Z", R"({"version":1})");
    EnterpriseRepository::appendHistory(c, id, 2, "update", "2026-01-06T08:00:00Z", R"({"version":2})");
  });
  auto history = [&] {
    std::vector<std::string> rows;
    db->read([&](Connection& c) {
      auto st = c.prepare("SELECT version, change, snapshot FROM enterprise_history WHERE enterprise_id = ?1 ORDER BY version");
      st.bind(1, id);
      while (st.step()) rows.push_back(std::to_string(st.int64(0)) + " " + st.text(1) + " " + st.text(2));
      st.reset();
    });
    return rows;
  };
  const std::vector<std::string> expected = {R"(1 create {"version":1})", R"(2 update {"version":2})"};
  REQUIRE(history() == expected);

  SECTION("UPDATE is refused by the trigger") {
    try {
      db->write([](Connection& c) { c.exec("UPDATE enterprise_history SET snapshot = '{}'"); });
      FAIL("history was updated");
    } catch (const Error& e) {
      CHECK(std::string(e.what()).find("append-only") != std::string::npos);
    }
  }
  SECTION("DELETE is refused by the trigger") {
    try {
      db->write([](Connection& c) { c.exec("DELETE FROM enterprise_history"); });
      FAIL("history was deleted");
    } catch (const Error& e) {
      CHECK(std::string(e.what()).find("append-only") != std::string::npos);
    }
  }
  SECTION("a version cannot be written twice") {
    CHECK_THROWS_AS(db->write([&](Connection& c) {
                      EnterpriseRepository::appendHistory(c, id, 2, "update", "2026-01-07T08:00:00Z", "{}");
                    }),
                    Error);
  }
  SECTION("an unknown change kind is refused") {
    CHECK_THROWS_AS(db->write([&](Connection& c) {
                      EnterpriseRepository::appendHistory(c, id, 3, "erase", "2026-01-07T08:00:00Z", "{}");
                    }),
                    Error);
  }
  CHECK(history() == expected);
}


// The list's rung column looks at one enterprise's designations (designation_by_enterprise). When
// SQLite chose designation_by_stage for it instead — the join on stage allows that — every row
// scanned every designation of each stage: the 200k-row export at province scale did not finish
// in ten minutes (tools/bench reports). The plan is read back from the statement the list left in
// the connection's cache; behaviour, not a stopwatch.
TEST_CASE_METHOD(Fixture, "the list's rung column reads one enterprise's designations, never a whole stage",
                 "[unit][store][rung_plan]") {
  insert(make(code(1), "许昌瑞祥电气有限公司"));
  EnterpriseFilter f;
  f.today = "2026-12-04";
  f.rung_order = {{"tech_sme", 0}, {"hnte", 1}, {"eaglet", 2}};
  f.limit = 10;
  std::vector<std::string> plan;
  db->read([&](Connection& c) {
    EnterpriseRepository::list(c, f);
    sqlite3* h = c.handle();
    std::string listed;
    for (sqlite3_stmt* st = sqlite3_next_stmt(h, nullptr); st; st = sqlite3_next_stmt(h, st)) {
      std::string sql = sqlite3_sql(st);
      if (sql.find("AS rung_place") != std::string::npos) listed = sql;
    }
    REQUIRE_FALSE(listed.empty());
    sqlite3_stmt* explain = nullptr;
    REQUIRE(sqlite3_prepare_v2(h, ("EXPLAIN QUERY PLAN " + listed).c_str(), -1, &explain, nullptr) == SQLITE_OK);
    while (sqlite3_step(explain) == SQLITE_ROW) plan.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(explain, 3)));
    sqlite3_finalize(explain);
  });
  bool by_enterprise = false, by_stage = false;
  for (const auto& line : plan) {
    by_enterprise = by_enterprise || line.find("designation_by_enterprise") != std::string::npos;
    by_stage = by_stage || line.find("designation_by_stage") != std::string::npos;
  }
  CHECK(by_enterprise);
  CHECK_FALSE(by_stage);
}

}  // namespace trellis::store
