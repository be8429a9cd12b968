#include "trellis/rules/evaluation.h"

namespace trellis::rules {

const char* statusName(Status s) {
  switch (s) {
    case Status::pass: return "pass";
    case Status::fail: return "fail";
    case Status::unknown: return "unknown";
  }
  return "unknown";
}

const Criterion* EligibilityReport::find(const std::string& id) const {
  for (const Criterion& c : criteria)
    if (c.id == id) return &c;
  return nullptr;
}

Status EligibilityReport::gateStatus() const {
  std::vector<Status> gates;
  for (const Criterion& c : criteria)
    if (c.gate) gates.push_back(c.status);
  return combine(gates);
}

std::vector<const Criterion*> EligibilityReport::gaps() const {
  std::vector<const Criterion*> out;
  for (const Criterion& c : criteria)
    if (c.gate && c.status != Status::pass) out.push_back(&c);
  return out;
}

Status combine(const std::vector<Status>& statuses) {
  bool unknown = false;
  for (Status s : statuses) {
    if (s == Status::fail) return Status::fail;
    if (s == Status::unknown) unknown = true;
  }
  return unknown ? Status::unknown : Status::pass;
}

}  // namespace trellis::rules
