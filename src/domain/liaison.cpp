#include "trellis/domain/liaison.h"

#include <algorithm>

namespace trellis::domain {
namespace {

template <class T>
const T* findCode(const std::vector<T>& items, std::string_view code) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& i) { return i.code == code; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

const LabeledCode* LiaisonConfig::findOwnerUnit(std::string_view code) const { return findCode(owner_units, code); }
const LabeledCode* LiaisonConfig::findContactMode(std::string_view code) const { return findCode(contact_modes, code); }
const LabeledCode* LiaisonConfig::findFlag(std::string_view code) const { return findCode(flags, code); }
const ProblemCategory* LiaisonConfig::findCategory(std::string_view code) const { return findCode(categories, code); }

int LiaisonConfig::cadenceDays(std::string_view tier) const {
  if (tier == "key") return key_cadence_days;
  if (tier == "long_term") return long_term_cadence_days;
  return unpooled_cadence_days;
}

const char* problemStatusName(ProblemStatus s) {
  switch (s) {
    case ProblemStatus::open: return "open";
    case ProblemStatus::in_progress: return "in_progress";
    case ProblemStatus::resolved: return "resolved";
    case ProblemStatus::closed: return "closed";
    case ProblemStatus::escalated: return "escalated";
  }
  return "open";
}

std::optional<ProblemStatus> parseProblemStatus(std::string_view name) {
  for (auto s : {ProblemStatus::open, ProblemStatus::in_progress, ProblemStatus::resolved, ProblemStatus::closed,
                 ProblemStatus::escalated})
    if (name == problemStatusName(s)) return s;
  return std::nullopt;
}

// The one transition table (README "Problems"). A resolved problem the enterprise does not accept
// goes back to in_progress; an escalated one (sent up to the city) is worked on or resolved there.
const std::vector<ProblemStatus>& allowedTransitions(ProblemStatus from) {
  using S = ProblemStatus;
  static const std::vector<S> from_open = {S::in_progress, S::resolved, S::escalated};
  static const std::vector<S> from_in_progress = {S::resolved, S::escalated};
  static const std::vector<S> from_escalated = {S::in_progress, S::resolved};
  static const std::vector<S> from_resolved = {S::closed, S::in_progress};
  static const std::vector<S> from_closed = {};
  switch (from) {
    case S::open: return from_open;
    case S::in_progress: return from_in_progress;
    case S::escalated: return from_escalated;
    case S::resolved: return from_resolved;
    case S::closed: return from_closed;
  }
  return from_closed;
}

bool isAllowedTransition(ProblemStatus from, ProblemStatus to) {
  const auto& allowed = allowedTransitions(from);
  return std::find(allowed.begin(), allowed.end(), to) != allowed.end();
}

bool isPending(ProblemStatus s) {
  return s == ProblemStatus::open || s == ProblemStatus::in_progress || s == ProblemStatus::escalated;
}

bool isOverdueOn(const Problem& p, Date today) { return isPending(p.status) && p.deadline < today; }

ProblemItem problemItemOn(Problem p, Date today, std::string uscc, std::string enterprise_name, std::string region_code) {
  ProblemItem item;
  item.overdue = isOverdueOn(p, today);
  item.days_past_deadline = today.daysSinceEpoch() - p.deadline.daysSinceEpoch();
  item.problem = std::move(p);
  item.uscc = std::move(uscc);
  item.enterprise_name = std::move(enterprise_name);
  item.region_code = std::move(region_code);
  return item;
}

}  // namespace trellis::domain
