// A golden dry-run report (issue 12 "Tests"): one enterprise file with every kind of row the
// county files carry — an update with field diffs, a new row, an unchanged one, a code in
// lower case and one in full-width digits, dates written four ways, and refused rows of each
// common fault — uploaded to a fixed register, its report rendered line by line and compared
// with the checked-in tests/http/reference/enterprises_dry_run.reference. A change to what the
// dry run says about any row shows as a diff of that file (the actual report is written beside
// it as .actual for the reviewer). Nothing is written by the dry run: the register is checked
// unchanged afterwards.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "import_support.h"
#include "test_server.h"

namespace trellis::test {
namespace {

std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string text(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// The report as a reviewer reads it: counts, then per row its verdict, code, diffs and errors,
// without what changes from run to run (batch id, times, file hash).
std::string rendered(const nlohmann::json& batch_answer) {
  std::ostringstream out;
  const auto& b = batch_answer["batch"];
  out << "kind " << text(b["kind"]) << ", header row " << text(b["header_row"]) << "\n";
  for (const char* k : {"rows", "new", "updated", "unchanged", "refused"}) out << k << " " << text(b["counts"][k]) << "\n";
  for (const auto& row : batch_answer["rows"]) {
    out << "row " << text(row["row"]) << " " << text(row["status"]) << " " << text(row.value("uscc", nlohmann::json("")))
        << "\n";
    for (const auto& d : row.value("diffs", nlohmann::json::array()))
      out << "  ~ " << text(d["field"]) << ": " << text(d["from"]) << " -> " << text(d["to"]) << "\n";
    for (const auto& e : row.value("errors", nlohmann::json::array()))
      out << "  ! " << text(e.value("column", nlohmann::json(""))) << " " << text(e["code"]) << ": "
          << text(e.value("message_zh", e.value("message", nlohmann::json("")))) << "\n";
  }
  return out.str();
}

}  // namespace

TEST_CASE("import golden: an enterprise file's dry-run report, row by row, matches the checked-in reference",
          "[http][import][golden]") {
  TestServer server;
  const std::string known = validUscc("411002", 8101);  // registered; the file changes two fields
  const std::string same = validUscc("411082", 8102);   // registered; the file repeats it
  const std::string lower = validUscc("411024", 8103);  // registered; the file writes it in lower case
  registerEnterprise(server, known, "许昌金标准科技有限公司", "411002");
  registerEnterprise(server, same, "长葛同样机械有限公司", "411082");
  registerEnterprise(server, lower, "鄢陵小写花木科技有限公司", "411024");
  auto lowercase = [](std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  auto fullWidth = [](const std::string& s) {  // ASCII digits and letters as their full-width forms
    std::string out;
    for (unsigned char c : s) {
      if (!std::isalnum(c)) { out += static_cast<char>(c); continue; }
      unsigned cp = 0xFF00u + (c - 0x20u);
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return out;
  };
  std::string bad_check = validUscc("411025", 8104);
  bad_check.back() = bad_check.back() == '1' ? '2' : '1';
  const std::string fresh = validUscc("411081", 8105);
  const std::string csv =
      "许昌市创新型企业名单（2026年）\n"
      "统一社会信用代码,企业名称,所属县区,成立日期,地址\n" +
      known + ",许昌金标准科技有限公司,魏都区,2015-03-02,许昌市魏都区新地址一号\n" +        // 3 updated
      fresh + ",禹州新来陶瓷有限公司,禹州市,2019/5/6,\n" +                                   // 4 new
      same + ",长葛同样机械有限公司,长葛市,,\n" +                                            // 5 unchanged
      lowercase(lower) + ",鄢陵小写花木科技有限公司,411024,2020年1月2日,\n" +               // 6 updated (date)
      fullWidth(validUscc("411002", 8106)) + ",魏都全角科技有限公司,魏都区,2021.7.8,\n" +  // 7 new
      bad_check + ",襄城校验位有误有限公司,襄城县,,\n" +                                      // 8 refused
      validUscc("411002", 8107) + ",魏都无县区科技有限公司,火星区,,\n" +                       // 9 refused
      validUscc("411002", 8108) + ",,魏都区,,\n" +                                            // 10 refused
      fresh + ",禹州新来陶瓷有限公司,禹州市,2019/5/6,\n" +                                   // 11 refused
      validUscc("411002", 8109) + ",魏都日期科技有限公司,魏都区,2019-02-30,\n";              // 12 refused
  auto up = uploadKind(server, "enterprises", csv);
  INFO(up.body);
  REQUIRE(up.status == 201);
  auto batch = server.get(batchPath(up));
  REQUIRE(batch.status == 200);

  const std::string actual = rendered(batch.json);
  const std::string path = std::string(TRELLIS_SOURCE_DIR) + "/tests/http/reference/enterprises_dry_run.reference";
  const std::string expected = readText(path);
  if (actual != expected) std::ofstream(path + ".actual") << actual;  // for a reviewer's diff
  CHECK(actual == expected);

  // A dry run writes nothing: the register holds the three it held.
  CHECK(sqlCount(server, "SELECT count(*) FROM enterprise") == 3);
  CHECK(server.get("/api/v1/enterprises/" + fresh).status == 404);
}

}  // namespace trellis::test
