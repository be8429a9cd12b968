#include "trellis/app/demo_data.h"

#include <random>
#include <set>

#include "trellis/core/uscc.h"

namespace trellis::app {
namespace {

constexpr std::string_view kCodeChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";

template <class T, size_t N>
const T& pick(std::mt19937_64& rng, const T (&items)[N]) {
  return items[rng() % N];
}

const char* const kRoots[] = {"许继", "恒达", "瑞祥", "众品", "远东", "黄河", "森源", "万里", "德瑞", "金汇",
                              "宏达", "鑫源", "华通", "博瑞", "天成", "中原", "豫龙", "华夏", "永兴", "嘉禾",
                              "昌盛", "汇丰", "新航", "龙腾", "信达", "金阳", "卓越", "东方", "盛世", "安泰",
                              "腾飞", "佳和", "聚力", "正泰", "大地", "明珠", "开元", "鼎立", "国润", "长青"};
const char* const kSuffixes[] = {"有限公司", "有限责任公司", "股份有限公司", "科技有限公司"};
const char* const kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭"};
const char* const kGiven[] = {"伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "华", "建国", "志强", "海燕", "红梅"};
const char* const kRoads[] = {"许由路", "建安大道", "魏文路", "瑞祥路", "永昌大道", "学院路", "八一路", "颍昌大道", "尚德路", "新兴路"};
const char* const kTags[] = {"专精特新", "上市后备", "技术创新示范", "外资", "知识产权优势", "研发中心"};

// Words that make a name read like one of the chain's companies.
std::vector<const char*> industryWords(const std::string& code) {
  if (code == "power_equipment") return {"电气", "电力设备", "智能电网", "输变电"};
  if (code == "nev") return {"新能源汽车", "汽车零部件", "动力电池"};
  if (code == "silicon_carbon") return {"硅碳材料", "新材料", "碳化硅"};
  if (code == "recycled_metal") return {"再生资源", "金属制品", "再生铝业"};
  if (code == "energy_saving") return {"节能环保", "环保装备", "节能技术"};
  if (code == "5g") return {"通信技术", "5G应用"};
  if (code == "new_it") return {"信息技术", "软件", "数字科技"};
  if (code == "industrial_robot") return {"机器人", "自动化"};
  if (code == "ai") return {"人工智能", "智能科技"};
  if (code == "iot") return {"物联网", "传感技术"};
  if (code == "big_data") return {"大数据", "数据科技"};
  if (code == "smart_equipment") return {"智能装备", "机械制造", "精密机械"};
  if (code == "flame_retardant") return {"阻燃材料", "化工新材料"};
  if (code == "vibration_mixing") return {"振动搅拌", "建机"};
  if (code == "testing") return {"检验检测", "检测技术"};
  if (code == "biotech_health") return {"生物科技", "医药", "健康产业"};
  if (code == "hair_products") return {"发制品", "假发"};
  if (code == "food_machinery") return {"食品机械", "食品装备"};
  if (code == "construction_waste") return {"建筑垃圾再生", "再生建材"};
  if (code == "elevator") return {"电梯", "起重机械"};
  if (code == "chinese_herbs") return {"中药材", "药业"};
  if (code == "flowers_trees") return {"花木", "园林"};
  return {"实业"};
}

// The place word a company name starts with, by region.
std::string placeOf(const std::string& region_code) {
  if (region_code == "411081") return "禹州";
  if (region_code == "411082") return "长葛";
  if (region_code == "411024") return "鄢陵";
  if (region_code == "411025") return "襄城";
  return "许昌";
}

// The division a code was issued at: zones and the city use the city's; some 建安区 companies
// still carry the former 许昌县 code 411023 (RULES.md §4.1).
std::string divisionOf(const std::string& region_code, std::mt19937_64& rng) {
  if (region_code == "411003" && rng() % 4 == 0) return "411023";
  bool six_digits = region_code.size() == 6 && region_code.find_first_not_of("0123456789") == std::string::npos;
  return six_digits ? region_code : "411000";
}

}  // namespace

std::string demoUscc(const std::string& division, std::uint64_t serial) {
  // Organisation code: "MA" (new-style registration) + 6 characters from the serial + GB 11714 check.
  std::string org = "MA";
  std::uint64_t v = serial;
  for (int i = 0; i < 6; ++i) {
    org += kCodeChars[v % kCodeChars.size()];
    v /= kCodeChars.size();
  }
  static constexpr int kOrgWeights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 8; ++i) {
    char c = org[static_cast<size_t>(i)];
    int val = (c >= '0' && c <= '9') ? c - '0' : c - 'A' + 10;
    sum += val * kOrgWeights[i];
  }
  int check = 11 - sum % 11;
  org += check == 10 ? 'X' : check == 11 ? '0' : static_cast<char>('0' + check);
  std::string first17 = "91" + division + org;
  return first17 + uscc::checkCharacter(first17);
}

DemoEnterpriseGenerator::DemoEnterpriseGenerator(const domain::Catalog& catalog, std::uint64_t seed)
    : catalog_(catalog), seed_(seed), rng_(seed) {}

std::vector<io::EnterpriseDraft> DemoEnterpriseGenerator::next(std::size_t count) {
  std::vector<io::EnterpriseDraft> out;
  out.reserve(count);
  const auto& regions = catalog_.regions;
  const auto& industries = catalog_.industries;
  auto& rng = rng_;
  for (; out.size() < count; ++i_) {
    const std::size_t i = i_;
    io::EnterpriseDraft d;
    // Every region and industry is covered: the first ones go round-robin, then at random.
    d.region_code = i < regions.size() * 3 ? regions[i % regions.size()].code : regions[rng() % regions.size()].code;
    d.industry = i < industries.size() * 2 ? industries[i % industries.size()].code
                                          : industries[rng() % industries.size()].code;
    auto words = industryWords(d.industry);
    std::string root = pick(rng, kRoots);
    std::string word = words[rng() % words.size()];
    std::string place = placeOf(d.region_code);
    d.name = place + root + word + pick(rng, kSuffixes);
    if (names_.count(d.name)) d.name = place + root + word + "(" + std::to_string(i) + ")" + pick(rng, kSuffixes);
    if (!names_.insert(d.name).second) continue;
    d.aliases = {root + word};
    d.uscc = demoUscc(divisionOf(d.region_code, rng), seed_ * 1000003u + i);
    if (!codes_.insert(d.uscc).second) continue;
    int year = 1995 + static_cast<int>(rng() % 30);
    int month = 1 + static_cast<int>(rng() % 12);
    int day = 1 + static_cast<int>(rng() % 28);
    d.founded_on = Date(year, month, day).toString();
    d.legal_representative = std::string(pick(rng, kSurnames)) + pick(rng, kGiven);
    std::string road = pick(rng, kRoads);
    d.address = "河南省" + catalog_.city.name + catalog_.findRegion(d.region_code)->name + road + std::to_string(1 + rng() % 999) + "号";
    d.contact_phone = "1";
    d.contact_phone.append(std::to_string(30 + rng() % 60));
    for (int k = 0; k < 8; ++k) d.contact_phone += static_cast<char>('0' + rng() % 10);
    if (rng() % 5 == 0) d.tags.push_back(pick(rng, kTags));
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<io::EnterpriseDraft> demoEnterprises(const domain::Catalog& catalog, std::uint64_t seed, std::size_t count) {
  return DemoEnterpriseGenerator(catalog, seed).next(count);
}

}  // namespace trellis::app
