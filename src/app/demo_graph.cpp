#include "trellis/app/demo_graph.h"

#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <vector>

#include "trellis/store/enterprise_repository.h"

namespace trellis::app {
namespace {

std::int64_t between(std::mt19937_64& rng, std::int64_t lo, std::int64_t hi) {
  return lo + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(hi - lo + 1));
}

template <class T>
const T& pick(std::mt19937_64& rng, const std::vector<T>& v) {
  return v[static_cast<std::size_t>(rng() % v.size())];
}

struct Writer {
  service::GraphService& graph;
  service::Caller caller;
  DemoGraphFigures& fig;

  std::int64_t node(nlohmann::json body) {
    auto v = graph.createNode(caller, io::parseGraphNodeDraft(body, std::nullopt));
    ++fig.nodes;
    return v.row.node.id;
  }
  // Skips a pair already joined by this kind (the generator may draw one twice).
  void link(const std::string& kind, const std::string& from, const std::string& to, const Date& from_day,
            const std::string& note = "") {
    io::GraphLinkDraft d;
    d.kind = kind;
    d.from = from;
    d.to = to;
    d.valid_from = from_day;
    d.note = note;
    try {
      graph.createLink(caller, d);
      ++fig.links;
    } catch (const Error& e) {
      if (!e.is(errc::duplicate_link)) throw;
    }
  }
};

std::string ref(std::int64_t id) { return std::to_string(id); }
std::string ent(const std::string& uscc) { return "enterprise:" + uscc; }

}  // namespace

std::string DemoGraphFigures::summary() const {
  return std::to_string(nodes) + " nodes, " + std::to_string(links) + " links";
}

DemoGraphFigures loadDemoGraph(Runtime& runtime, std::uint64_t seed, int max_enterprises) {
  std::mt19937_64 rng(seed ^ 0x6A4F1ULL);
  DemoGraphFigures fig;
  service::Caller system;
  system.request_id = "demo";
  Writer w{runtime.graph(), system, fig};
  const Date today = runtime.context().today();
  const int Y = today.year();

  std::map<std::string, std::string> region_names;
  for (const auto& r : runtime.catalog().allRegions()) region_names[r.code] = r.name;
  // Demo enterprises by region (and all of them, for the named platforms).
  std::map<std::string, std::vector<std::string>> by_region;
  std::vector<std::string> all;
  std::map<std::string, std::vector<std::string>> by_industry;
  runtime.db().read([&](store::Connection& c) {
    store::EnterpriseFilter f;
    f.limit = max_enterprises;
    for (const auto& e : store::EnterpriseRepository::list(c, f).items) {
      by_region[e.region_code].push_back(e.uscc);
      all.push_back(e.uscc);
      by_industry[e.industry].push_back(e.uscc);
    }
  });
  if (all.empty()) return fig;

  auto day = [&](int year) { return Date(year, static_cast<int>(between(rng, 1, 12)), static_cast<int>(between(rng, 1, 28))); };

  // The seed's named institutions and platforms (魏都区 411002 unless the name says otherwise).
  auto institution = [&](const std::string& name, const std::string& sub_kind, const std::string& country) {
    return w.node({{"kind", "institution"}, {"name", name}, {"region", "411000"}, {"sub_kind", sub_kind},
                   {"country", country}});
  };
  auto platform = [&](const std::string& name, const std::string& region, const std::string& sub_kind,
                      const std::string& level, const std::string& mode, int year) {
    return w.node({{"kind", "platform"},   {"name", name},         {"region", region},
                   {"sub_kind", sub_kind}, {"level", level},       {"build_mode", mode},
                   {"status", "已认定"},   {"approved_on", day(year).toString()},
                   {"approving_body", level == "国家级" ? "科技部" : level == "省级" ? "河南省科学技术厅" : "许昌市科学技术局"}});
  };
  auto xuchang_univ = institution("许昌学院", "高校", "中国");
  auto cas_hefei = institution("中国科学院合肥物质科学研究院", "中科院院所", "中国");
  auto cas_ime = institution("中国科学院微电子研究所", "中科院院所", "中国");
  auto bupt = institution("北京邮电大学", "高校", "中国");
  auto bit = institution("北京理工大学", "高校", "中国");
  auto fraunhofer = institution("德国弗劳恩霍夫协会", "境外机构", "德国");
  auto kunpeng_corp = institution("华为技术有限公司", "龙头企业", "中国");

  auto cas_xc = platform("中科院合肥物质科学研究院许昌智能制造研究所", "411002", "新型研发机构", "省级", "省市共建", Y - 4);
  auto ai_lab = platform("中科院微电子所—许昌市人工智能联合实验室", "411002", "联合实验室", "市级", "与高校联合建设", Y - 3);
  auto bupt_base = platform("北京邮电大学国家网络交换重点实验室许昌基地", "411000-GXQ", "重点实验室", "省级",
                            "与高校联合建设", Y - 3);
  auto bit_inst = platform("河南北理阻燃科技研究院", "411082", "新型研发机构", "省级", "与高校联合建设", Y - 5);
  auto sino_german = platform("中德(许昌)产业园", "411000-DCQ", "国际合作园区", "省级", "省市共建", Y - 6);
  auto qitu = platform("期图创新科技(许昌)有限公司", "411000-GXQ", "新型研发机构", "市级", "独立建设", Y - 2);
  auto kunpeng = platform("黄河鲲鹏创新中心", "411000-GXQ", "技术创新中心", "省级", "省市共建", Y - 3);
  auto univ_park = platform("许昌学院大学科技园", "411002", "大学科技园", "市级", "与高校联合建设", Y - 5);

  const Date founded = Date(Y - 5, 1, 1);
  w.link("co_builds", ref(cas_hefei), ref(cas_xc), founded, "院地共建");
  w.link("hosts", ref(cas_ime), ref(ai_lab), founded);
  w.link("co_builds", ref(xuchang_univ), ref(ai_lab), founded);
  w.link("hosts", ref(bupt), ref(bupt_base), founded);
  w.link("hosts", ref(bit), ref(bit_inst), founded);
  w.link("co_builds", ref(fraunhofer), ref(sino_german), founded, "中德合作");
  w.link("co_builds", ref(kunpeng_corp), ref(kunpeng), founded);
  w.link("hosts", ref(xuchang_univ), ref(univ_park), founded);
  w.link("partners_with", ref(xuchang_univ), ref(cas_hefei), founded);
  const std::vector<std::int64_t> named = {cas_xc, ai_lab, bupt_base, bit_inst, sino_german, qitu, kunpeng, univ_park};
  const std::vector<std::int64_t> institutions = {xuchang_univ, cas_hefei, cas_ime, bupt, bit, fraunhofer};

  // Enterprises join the named platforms (成员单位 / 入驻孵化) and cooperate with the institutions.
  for (std::size_t i = 0; i < all.size(); ++i) {
    const auto& u = all[i];
    if (i % 4 == 0) w.link("member_of", ent(u), ref(pick(rng, named)), day(static_cast<int>(between(rng, Y - 4, Y - 1))));
    if (i % 9 == 0) w.link("incubated_by", ent(u), ref(qitu), day(Y - 1));
    if (i % 7 == 0)
      w.link("cooperates_with", ent(u), ref(pick(rng, institutions)), day(static_cast<int>(between(rng, Y - 3, Y - 1))),
             "产学研合作协议");
    if (i % 11 == 0) w.link("transfers_to", ref(pick(rng, institutions)), ent(u), day(Y - 1), "成果转移转化");
  }

  // Enterprises of one industry chain partner up (so "partners who could help" has paths).
  for (const auto& [industry, usccs] : by_industry)
    for (std::size_t i = 0; i + 1 < usccs.size(); i += 3)
      w.link("partners_with", ent(usccs[i]), ent(usccs[i + 1]), day(static_cast<int>(between(rng, Y - 3, Y - 1))));

  // Generated platforms, teams and projects in every region with demo enterprises.
  const std::vector<std::string> sub_kinds = {"工程技术研究中心", "企业技术中心", "重点实验室", "众创空间", "科技企业孵化器"};
  const std::vector<std::string> levels = {"市级", "市级", "省级", "国家级"};
  const std::vector<std::string> team_programmes = {"许昌英才计划", "省科技创新人才计划", "中原英才计划"};
  const std::vector<std::string> team_fields = {"智能电网", "超硬材料", "生物医药", "新能源汽车", "人工智能"};
  const std::vector<std::string> tiers = {"十", "百", "千", "千"};
  int serial = 0;
  for (const auto& [region, usccs] : by_region) {
    if (usccs.size() < 3) continue;
    for (int k = 0; k < 3; ++k) {
      const auto& host = pick(rng, usccs);
      std::string sk = pick(rng, sub_kinds);
      auto p = platform(region_names[region] + sk + std::to_string(++serial) + "号", region,
                        sk, pick(rng, levels), "独立建设", static_cast<int>(between(rng, Y - 5, Y - 1)));
      w.link("hosts", ent(host), ref(p), day(Y - 5));
      for (int m = 0; m < 3; ++m) w.link("member_of", ent(pick(rng, usccs)), ref(p), day(static_cast<int>(between(rng, Y - 4, Y - 1))));
    }
    for (int k = 0; k < 2; ++k) {
      int year = static_cast<int>(between(rng, Y - 4, Y - 1));
      auto t = w.node({{"kind", "talent_team"},
                       {"name", pick(rng, team_fields) + "创新团队" + std::to_string(++serial)},
                       {"region", region},
                       {"programme", pick(rng, team_programmes)},
                       {"leader", "团队带头人" + std::to_string(serial)},
                       {"field", pick(rng, team_fields)},
                       {"year_recognised", year},
                       {"status", "跟踪服务"}});
      w.link("based_at", ref(t), ent(pick(rng, usccs)), day(year));
    }
    for (int k = 0; k < 3; ++k) {
      int year = static_cast<int>(between(rng, Y - 3, Y));
      bool ten = k == 0;
      nlohmann::json body = {{"kind", "project"},
                             {"name", "许昌重点科技项目" + std::to_string(++serial)},
                             {"region", region},
                             {"programme", ten ? "省十百千" : k == 1 ? "科技成果转移转化" : "中德(欧)合作"},
                             {"budget_yuan", between(rng, 50, 3000) * 10000},
                             {"starts_on", Date(year, 3, 1).toString()},
                             {"ends_on", Date(year + 2, 12, 31).toString()},
                             {"status", year < Y ? "实施" : "立项"}};
      if (ten) body["tier"] = pick(rng, tiers);
      auto pr = w.node(body);
      w.link("undertakes", ent(pick(rng, usccs)), ref(pr), Date(year, 3, 1));
      w.link("cooperates_with", ref(pr), ref(k == 2 ? fraunhofer : pick(rng, institutions)), Date(year, 3, 1));
    }
  }
  return fig;
}

}  // namespace trellis::app
