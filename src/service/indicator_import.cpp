#include "trellis/service/indicator_import.h"

#include <set>

#include "trellis/core/error.h"
#include "trellis/io/ladder_json.h"
#include "import_keys.h"
#include "trellis/store/enterprise_repository.h"
#include "trellis/store/ladder_repository.h"

namespace trellis::service {
namespace {

// The stored values as the API's JSON members (null: not reported), ratios left out.
nlohmann::json valuesOf(const domain::YearlyIndicators& v) {
  nlohmann::json j = io::indicatorsToJson(v);
  j.erase("ratios");
  j.erase("year");
  return j;
}

}  // namespace

IndicatorImport::IndicatorImport(store::Database& db, const io::ImportMapping& mapping, LadderService& ladder)
    : KindImporter(db, mapping, "indicators", "ladder.write"), ladder_(ladder) {}

ImportReport IndicatorImport::scan(store::Connection& c, const Caller& caller, const std::string& path,
                                   const io::TableFileOptions& options, const RowVisitor& visit) const {
  ImportSheet sheet = openEnterpriseSheet(path, options);
  std::set<std::string> seen;
  return scanEnterpriseRows(c, caller, sheet, [&](ImportRowOutcome& out, const nlohmann::json& body,
                                                 const domain::Enterprise& e) {  // IM1: the row's enterprise
    ImportRowPlan plan;
    if (!body.contains("year")) {
      out.errors.push_back({sheet.headerOf("year"), "required", "请填写年度"});
      return plan;
    }
    // IM2: the file's cells over the stored values, parsed as the API parses its body.
    nlohmann::json fields = body;
    fields.erase("uscc");
    fields.erase("name");
    int year = 0;
    domain::YearlyIndicators merged;
    std::optional<domain::IndicatorsRecord> stored;
    try {
      year = static_cast<int>(fields.at("year").get<std::int64_t>());
      stored = store::LadderRepository::indicators(c, e.id, year);
      nlohmann::json wanted = stored ? valuesOf(stored->values) : nlohmann::json::object();
      for (const auto& [key, value] : fields.items()) wanted[key] = value;
      merged = io::parseIndicators(wanted, year, nullptr);
      ladder_.checkIndicators(merged);
      if (stored) {
        nlohmann::json before = valuesOf(stored->values), after = valuesOf(merged);
        for (const auto& [key, value] : after.items())
          if (before[key] != value) out.diffs.push_back({key, before[key], value});
      }
    } catch (const Error& err) {
      refuseRow(out, sheet, err);
      return plan;
    }
    if (!firstInFile(seen, import_keys::recordKey(e.uscc, year), out, sheet, "year", "同一企业同一年度的指标在本文件中重复出现"))
      return plan;
    if (stored) {
      out.base_version = stored->version;
      plan.stored_version = stored->version;
    }
    out.status = !stored ? "new" : out.diffs.empty() ? "unchanged" : "updated";
    if (out.status == "unchanged") return plan;
    domain::Enterprise enterprise = e;
    std::optional<std::int64_t> previous_version;
    std::optional<std::string> previous;
    if (stored) {
      previous_version = stored->version;
      previous = valuesOf(stored->values).dump();
    }
    plan.write = [this, &caller, enterprise, merged, previous_version, previous, row = out.row](store::Connection& wc) {
      domain::IndicatorsRecord written = ladder_.putIndicatorsOn(wc, caller, enterprise, merged);  // IM3
      store::ImportChangeRecord ch;
      ch.row_no = row;
      ch.record_kind = "indicators";
      ch.record_key = import_keys::recordKey(enterprise.uscc, merged.year);
      ch.previous_version = previous_version;
      ch.previous_snapshot = previous;
      ch.new_version = written.version;
      return ch;
    };
    return plan;
  }, visit);
}

std::optional<std::int64_t> IndicatorImport::movedSince(store::Connection& c, const store::ImportChangeRecord& ch) const {
  std::string uscc = import_keys::usccOf(ch.record_key);
  int year = static_cast<int>(import_keys::numberOf(ch.record_key));
  auto e = store::EnterpriseRepository::findByUscc(c, uscc);
  if (!e) throw Error(errc::internal, "an import batch names an unknown enterprise " + uscc);
  auto now = store::LadderRepository::indicators(c, e->id, year);
  if (!now) return 0;
  if (now->version != ch.new_version) return now->version;
  return std::nullopt;
}

RevertedChange IndicatorImport::revert(store::Connection& c, const Caller& caller, std::int64_t batch_id,
                                       const store::ImportChangeRecord& ch) const {
  std::string uscc = import_keys::usccOf(ch.record_key);
  int year = static_cast<int>(import_keys::numberOf(ch.record_key));
  auto e = store::EnterpriseRepository::findByUscc(c, uscc);
  if (!e) throw Error(errc::internal, "import batch " + std::to_string(batch_id) + " names an unknown enterprise");
  if (!ch.previous_snapshot) {  // IM4: the batch created the year's row
    ladder_.removeIndicatorsOn(c, caller, *e, year);
    return {0, true};
  }
  domain::YearlyIndicators back = io::parseIndicators(nlohmann::json::parse(*ch.previous_snapshot), year, nullptr);
  return {ladder_.putIndicatorsOn(c, caller, *e, back).version, false};
}

}  // namespace trellis::service
