// The Chinese names of what an audit row records: its action ("enterprise.update" → 修改企业信息)
// and the type of its object ("pool_member" → 后备库成员), so the auditor's screen and exports
// never show internal keys. One table for both the changes the services record and the policy
// actions a refusal names; the HTTP harness fails any test whose server recorded an action or
// object type missing here (tests/http/test_server.cpp).
#pragma once
#include <string_view>
#include <vector>

namespace trellis::domain {

struct AuditName {
  std::string_view key;
  std::string_view name_zh;
};

const std::vector<AuditName>& auditActionNames();
const std::vector<AuditName>& auditObjectTypeNames();
// The Chinese name, or "" for a key that is not registered.
std::string_view auditActionName(std::string_view action);
std::string_view auditObjectTypeName(std::string_view object_type);

}  // namespace trellis::domain
