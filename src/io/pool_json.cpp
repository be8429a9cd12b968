#include "trellis/io/pool_json.h"

#include <nlohmann/json.hpp>

#include "trellis/io/json_body.h"

namespace trellis::io {
namespace {

bool present(const nlohmann::json& body, const char* field) {
  return body.contains(field) && !body.at(field).is_null();
}

std::optional<std::string> optionalString(const nlohmann::json& body, const char* field) {
  if (!present(body, field)) return std::nullopt;
  return stringField(body, field);
}

std::optional<std::int64_t> optionalInt(const nlohmann::json& body, const char* field) {
  if (!present(body, field)) return std::nullopt;
  return intField(body, field);
}

nlohmann::json dateOrNull(const std::optional<Date>& d) {
  return d ? nlohmann::json(d->toString()) : nlohmann::json(nullptr);
}

}  // namespace

MemberDraft parseMemberDraft(const nlohmann::json& body) {
  requireKnownFields(body, {"uscc", "tier", "target_stage", "target_year", "entered_on", "region", "note"});
  MemberDraft d;
  d.uscc = optionalString(body, "uscc").value_or("");
  d.tier = optionalString(body, "tier").value_or("key");
  d.target_stage = optionalString(body, "target_stage").value_or("");
  d.target_year = optionalInt(body, "target_year");
  d.entered_on = optionalString(body, "entered_on");
  d.region = optionalString(body, "region").value_or("");
  d.note = optionalString(body, "note").value_or("");
  return d;
}

ExitDraft parseExitDraft(const nlohmann::json& body) {
  requireKnownFields(body, {"exited_on", "reason", "version"});
  ExitDraft d;
  d.exited_on = optionalString(body, "exited_on");
  d.reason = optionalString(body, "reason").value_or("");
  d.version = optionalInt(body, "version");
  return d;
}

StepDraft parseStepDraft(const nlohmann::json& body) {
  requireKnownFields(body, {"year", "kind", "on_date", "result", "batch", "reasons", "note"});
  StepDraft d;
  d.year = optionalInt(body, "year");
  d.kind = optionalString(body, "kind").value_or("");
  d.on_date = optionalString(body, "on_date");
  d.result = optionalString(body, "result").value_or("");
  d.batch = optionalString(body, "batch").value_or("");
  d.reasons = optionalString(body, "reasons").value_or("");
  d.note = optionalString(body, "note").value_or("");
  return d;
}

MilestoneDraft parseMilestoneDraft(const nlohmann::json& body, bool patch) {
  if (patch) requireKnownFields(body, {"kind", "title", "due_on", "version"});
  else requireKnownFields(body, {"kind", "title", "due_on", "membership_id"});
  MilestoneDraft d;
  d.kind = optionalString(body, "kind");
  d.title = optionalString(body, "title");
  d.due_on = optionalString(body, "due_on");
  if (patch) d.version = optionalInt(body, "version");
  else d.membership_id = optionalInt(body, "membership_id");
  return d;
}

MilestoneClose parseMilestoneComplete(const nlohmann::json& body) {
  requireKnownFields(body, {"done_on", "version"});
  MilestoneClose c;
  c.on = optionalString(body, "done_on");
  c.version = optionalInt(body, "version");
  return c;
}

MilestoneClose parseMilestoneWaive(const nlohmann::json& body) {
  requireKnownFields(body, {"reason", "version"});
  MilestoneClose c;
  c.reason = optionalString(body, "reason").value_or("");
  c.version = optionalInt(body, "version");
  return c;
}

nlohmann::json memberToJson(const domain::PoolMember& m) {
  return {{"id", m.id},
          {"uscc", m.uscc},
          {"enterprise_name", m.enterprise_name},
          {"pool", m.pool},
          {"tier", m.tier},
          {"target_stage", m.target_stage},
          {"target_year", m.target_year},
          {"region", m.region_code},
          {"entered_on", m.entered_on.toString()},
          {"exited_on", dateOrNull(m.exited_on)},
          {"exit_reason", m.exit_reason.empty() ? nlohmann::json(nullptr) : nlohmann::json(m.exit_reason)},
          {"note", m.note},
          {"version", m.version}};
}

nlohmann::json stepToJson(const domain::PipelineStep& s) {
  return {{"id", s.id},           {"year", s.year},       {"kind", s.kind},
          {"on_date", s.on_date.toString()}, {"result", s.result}, {"batch", s.batch},
          {"reasons", s.reasons}, {"note", s.note},       {"recorded_by", s.recorded_by},
          {"recorded_at", s.recorded_at}};
}

nlohmann::json milestoneToJson(const domain::Milestone& m) {
  return {{"id", m.id},
          {"membership_id", m.membership_id},
          {"generated", m.generated},
          {"calendar_key", m.calendar_key.empty() ? nlohmann::json(nullptr) : nlohmann::json(m.calendar_key)},
          {"kind", m.kind},
          {"title", m.title},
          {"due_on", m.due_on.toString()},
          {"addresses", m.addresses},
          {"gap", m.gap_text},
          {"compressed", m.compressed},
          {"status", m.overdue ? std::string("overdue") : m.status},
          {"done_on", dateOrNull(m.done_on)},
          {"on_time", m.done_on ? nlohmann::json(*m.done_on <= m.due_on) : nlohmann::json(nullptr)},
          {"waived_reason", m.waived_reason},
          {"closed_by", m.closed_by},
          {"created_by", m.created_by},
          {"version", m.version}};
}

}  // namespace trellis::io
