// Reserve pools (后备库), a member's application pipeline and its growth roadmap (ARCHITECTURE.md
// "Reserve pool"). The three pools are fixed by the schema (sql/003); which target stages each
// pool takes is listed here beside them.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trellis/core/date.h"

namespace trellis::domain {

struct PoolDef {
  const char* id;                        // tech_sme_pool | hnte_reserve | double_hundred_reserve
  const char* name_zh;
  std::vector<std::string> target_stages;  // stage ids a member of this pool may aim at
};

// The pools in display order.
const std::vector<PoolDef>& pools();
// nullptr for an unknown id.
const PoolDef* findPool(const std::string& id);

// Tier 重点 / 中长期, exit reasons: the values sql/003 accepts.
bool isPoolTier(const std::string& tier);        // key | long_term
bool isExitReason(const std::string& reason);    // graduated | withdrawn | disqualified | moved_away

struct PoolMember {
  std::int64_t id = 0;
  std::int64_t enterprise_id = 0;
  std::string uscc;                      // filled by reads that join the enterprise
  std::string enterprise_name;
  std::string pool;
  std::string tier;
  std::string target_stage;
  int target_year = 0;
  std::string region_code;               // the responsible region
  Date entered_on;
  std::optional<Date> exited_on;
  std::string exit_reason;               // empty while open
  std::string note;
  std::string created_at, updated_at;
  std::int64_t version = 1;
};

// One dated step of the application pipeline (sql/004 pipeline_step).
struct PipelineStep {
  std::int64_t id = 0;
  std::int64_t membership_id = 0;
  int year = 0;
  std::string kind;                      // coaching | pre_review | recommendation | outcome
  Date on_date;
  std::string result;                    // topic|onsite, passed|returned, recognised|not_recognised, "" for recommendation
  std::string batch;
  std::string reasons;
  std::string note;
  std::string recorded_by, recorded_at;
};

struct Milestone {
  std::int64_t id = 0;
  std::int64_t membership_id = 0;
  bool generated = false;
  std::string calendar_key;              // generated ones: the calendar step id
  std::string kind;
  std::string title;
  Date due_on;
  std::vector<std::string> addresses;    // criterion ids
  std::string gap_text;
  bool compressed = false;
  std::string status = "planned";        // planned | done | waived | retired (overdue is derived)
  std::optional<Date> done_on;
  std::string waived_reason;
  std::string closed_by;
  std::string created_by, created_at, updated_at;
  std::int64_t version = 1;
  // Read model: planned and due before the day it was read (PoolService decides it, a codec
  // shows "overdue" as the status then).
  bool overdue = false;

  // planned and due before today → "overdue"; otherwise the stored status.
  std::string statusOn(Date today) const {
    return status == "planned" && due_on < today ? "overdue" : status;
  }
};

}  // namespace trellis::domain
