#include "trellis/rules/designation_rules.h"

#include <algorithm>

#include "trellis/core/error.h"

namespace trellis::rules {

bool supersededIn(const domain::Designation& d, const std::vector<domain::Designation>& all) {
  return std::any_of(all.begin(), all.end(), [&](const domain::Designation& o) {
    return o.corrects_id && *o.corrects_id == d.id;
  });
}

std::string designationStatus(const Ladder& ladder, const domain::Designation& d,
                              const std::vector<domain::Designation>& all, Date on) {
  if (supersededIn(d, all)) return "superseded";
  if (d.revoked_on && *d.revoked_on <= on) return "revoked";
  if (on < d.starts_on) return "pending";
  if (ladder.endsOn(d.stage, d.starts_on) < on) return "expired";
  return "valid";
}

void checkPlacement(const Ladder& ladder, const domain::Designation& d, const std::vector<domain::Designation>& all) {
  // DS4: a local-policy stage with predecessors needs one held on starts_on that leads to it.
  std::vector<std::string> preds;
  for (const auto& [from, to] : ladder.config().transitions)
    if (to == d.stage && ladder.stage(d.stage).local_policy) preds.push_back(from);
  if (!preds.empty()) {
    bool ok = false;
    for (const auto& s : ladder.config().stages)
      ok = ok || (s.id != d.stage && ladder.reachable(s.id, d.stage) && ladder.holdsOn(s.id, all, d.starts_on));
    if (!ok) {
      std::string names;
      for (const auto& p : preds) names += (names.empty() ? "" : "、") + ladder.stage(p).name_zh;
      throw Error(errc::stage_not_reachable, ladder.stage(d.stage).name_zh + "不可达：" + d.starts_on.toString() +
                                          "未持有可通往该阶段的有效资格（" + names + "）", "stage");
    }
  }
  // DS5.
  bool calendar_year = ladder.stage(d.stage).validity == ValidityKind::calendar_year;
  for (const auto& o : all) {
    if (&o == &d || o.id == d.id || o.stage != d.stage || supersededIn(o, all)) continue;
    if (d.corrects_id && o.id == *d.corrects_id) continue;
    bool same = o.starts_on == d.starts_on || (calendar_year && o.starts_on.year() == d.starts_on.year());
    if (same)
      throw Error(errc::duplicate_designation, "a " + ladder.stage(d.stage).name_zh + " record starting " + o.starts_on.toString() +
                                " already exists (id " + std::to_string(o.id) + "); correct it instead", "starts_on");
  }
}

}  // namespace trellis::rules
