// Reserve pools on the wire: membership, pipeline steps and milestones in (strict) and out.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

#include "trellis/domain/pool.h"

namespace trellis::io {

struct MemberDraft {           // POST /pools/{pool}/members
  std::string uscc;
  std::string tier = "key";
  std::string target_stage;    // default: the pool's only target stage
  std::optional<std::int64_t> target_year;
  std::optional<std::string> entered_on;  // default today
  std::string region;          // default: the enterprise's region
  std::string note;
};

struct ExitDraft {             // POST /pools/{pool}/members/{id}/exit
  std::optional<std::string> exited_on;   // default today
  std::string reason;
  std::optional<std::int64_t> version;
};

struct StepDraft {             // POST /pools/{pool}/members/{id}/pipeline
  std::optional<std::int64_t> year;       // default: the member's target year
  std::string kind;
  std::optional<std::string> on_date;     // default today
  std::string result, batch, reasons, note;
};

struct MilestoneDraft {        // POST …/roadmap/milestones and PATCH …/milestones/{id}
  std::optional<std::string> kind, title, due_on;
  std::optional<std::int64_t> membership_id;  // POST: which membership (default: the only open one)
  std::optional<std::int64_t> version;        // PATCH: the version read
};

struct MilestoneClose {        // POST …/milestones/{id}/complete and …/waive
  std::optional<std::string> on;          // done_on; default today
  std::string reason;                     // waive
  std::optional<std::int64_t> version;
};

MemberDraft parseMemberDraft(const nlohmann::json& body);
ExitDraft parseExitDraft(const nlohmann::json& body);
StepDraft parseStepDraft(const nlohmann::json& body);
MilestoneDraft parseMilestoneDraft(const nlohmann::json& body, bool patch);
MilestoneClose parseMilestoneComplete(const nlohmann::json& body);
MilestoneClose parseMilestoneWaive(const nlohmann::json& body);

nlohmann::json memberToJson(const domain::PoolMember& m);
nlohmann::json stepToJson(const domain::PipelineStep& s);
// status is "overdue" when the service decided so (Milestone::overdue), else the stored one.
nlohmann::json milestoneToJson(const domain::Milestone& m);

}  // namespace trellis::io
