// The caller's scope as a list's SQL sees it: the one WHERE fragment (and its bindings) every
// scoped list query appends, so the region and liaison-assignment filter is written once.
// service::Scope fills it from the caller (scope.h); the repositories only apply it.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trellis::store {

class Statement;

struct ListScope {
  std::vector<std::string> regions;  // when non-empty, only enterprises in these regions
  std::int64_t officer_id = 0;       // when non-zero, only enterprises this officer is the active liaison of

  // " AND …" conditions on the enterprise whose region and id columns are named (e.g.
  // "e.region_code", "e.id"), with the named parameters :scope and :officer; "" for no scope.
  std::string where(std::string_view region_column, std::string_view enterprise_id_column) const;
  // Binds :scope and :officer where the statement has them.
  void bind(Statement& st) const;
};

}  // namespace trellis::store
