#include "trellis/service/target_import.h"

#include <set>

#include "trellis/core/error.h"

namespace trellis::service {
namespace {

std::string recordKeyOf(const domain::Target& t) { return t.metric + "|" + t.period.toString() + "|" + t.region; }

}  // namespace

TargetImport::TargetImport(store::Database& db, const io::ImportMapping& mapping, ReportService& reports)
    : KindImporter(db, mapping, "targets", "plan.target"), reports_(reports) {}

ImportReport TargetImport::scan(store::Connection& c, const Caller& caller, const std::string& path,
                                const io::TableFileOptions& options, const RowVisitor& visit) const {
  ImportSheet sheet = openSheet(path, options);
  const domain::Plan& plan = reports_.plan();
  const domain::Catalog& catalog = reports_.catalog();
  std::set<std::string> seen;
  return scanRows(sheet, [&](ImportRowOutcome& out, const nlohmann::json& body) {
    ImportRowPlan row_plan;
    if (!out.errors.empty()) return row_plan;
    // TI1: metric and region by key/code or by their Chinese names.
    std::string metric = importText(body, "metric"), region = importText(body, "region");
    for (const auto& m : plan.metrics)
      if (m.name_zh == metric) metric = m.key;
    for (const auto& r : catalog.regions)
      if (r.name == region) region = r.code;
    if (catalog.city.name == region) region = catalog.city.code;
    if (!body.contains("value")) {
      out.errors.push_back({sheet.headerOf("value"), "required", "请填写目标值"});
      return row_plan;
    }
    domain::Target share;
    try {
      share = reports_.checkShare(metric, importText(body, "period"), region, body.at("value").get<std::int64_t>());
    } catch (const Error& err) {
      refuseRow(out, sheet, err);
      return row_plan;
    }
    if (!firstInFile(seen, recordKeyOf(share), out, sheet, "region", "同一指标、期间和县区的目标在本文件中重复出现"))
      return row_plan;
    std::optional<std::int64_t> stored = ReportService::shareOn(c, share);  // TI2
    if (stored) {
      out.base_version = *stored;
      row_plan.stored_version = *stored;
    }
    if (stored == share.value) {
      out.status = "unchanged";
      return row_plan;
    }
    out.status = stored ? "updated" : "new";
    if (stored) out.diffs.push_back({"value", *stored, share.value});
    row_plan.write = [this, &caller, share, stored, row = out.row](store::Connection& wc) {
      reports_.setShareOn(wc, caller, share, share.value);  // TI3
      store::ImportChangeRecord ch;
      ch.row_no = row;
      ch.record_kind = "target";
      ch.record_key = recordKeyOf(share);
      ch.previous_version = stored;
      if (stored) ch.previous_snapshot = nlohmann::json{{"value", *stored}}.dump();
      ch.new_version = share.value;
      return ch;
    };
    return row_plan;
  }, visit);
}

std::vector<std::string> TargetImport::choicesFor(const std::string& key) const {
  std::vector<std::string> out;
  if (key == "metric")
    for (const auto& m : reports_.plan().metrics) out.push_back(m.name_zh);
  if (key == "region")
    for (const auto& r : reports_.catalog().regions) out.push_back(r.name);
  return out;
}

domain::Target TargetImport::shareOf(const store::ImportChangeRecord& ch) const {
  auto first = ch.record_key.find('|'), second = ch.record_key.rfind('|');
  std::optional<domain::Period> period;
  if (first != std::string::npos && second != first)
    period = domain::Period::parse(ch.record_key.substr(first + 1, second - first - 1));
  if (!period) throw Error(errc::internal, "an import change has a malformed target key " + ch.record_key);
  domain::Target t;
  t.metric = ch.record_key.substr(0, first);
  t.period = *period;
  t.region = ch.record_key.substr(second + 1);
  return t;
}

std::string TargetImport::enterpriseOf(const store::ImportChangeRecord&) const { return ""; }

std::optional<std::int64_t> TargetImport::movedSince(store::Connection& c, const store::ImportChangeRecord& ch) const {
  std::optional<std::int64_t> now = ReportService::shareOn(c, shareOf(ch));
  if (!now) return 0;
  if (*now != ch.new_version) return *now;
  return std::nullopt;
}

RevertedChange TargetImport::revert(store::Connection& c, const Caller& caller, std::int64_t,
                                    const store::ImportChangeRecord& ch) const {
  std::optional<std::int64_t> back;
  if (ch.previous_snapshot) back = nlohmann::json::parse(*ch.previous_snapshot).at("value").get<std::int64_t>();
  reports_.setShareOn(c, caller, shareOf(ch), back);  // TI4
  return {back.value_or(0), !back};
}

}  // namespace trellis::service
