#include "trellis/service/saved_mappings.h"

#include "trellis/core/error.h"
#include "trellis/service/import_preview.h"

namespace trellis::service {
namespace {

AuditObject mappingObject(std::int64_t id) { return AuditObject{"import_mapping", std::to_string(id), ""}; }

}  // namespace

SavedMappings::SavedMappings(const Context& ctx) : ctx_(ctx) {}

std::optional<store::SavedMappingRecord> SavedMappings::find(const std::string& kind,
                                                             const std::vector<std::string>& header) const {
  std::optional<store::SavedMappingRecord> found;
  std::string signature = headerSignature(header);
  ctx_.db.readAutocommit([&](store::Connection& c) { found = store::ImportMappingRepository::findBySignature(c, kind, signature); });
  return found;
}

store::SavedMappingRecord SavedMappings::save(store::Connection& c, const Caller& caller, const std::string& kind,
                                              const std::vector<std::string>& header,
                                              const std::map<std::string, std::string>& mapping) const {
  store::SavedMappingRecord m;
  m.kind = kind;
  m.header_signature = headerSignature(header);
  m.header_json = nlohmann::json(header).dump();
  m.mapping_json = headerMappingToJson(mapping).dump();
  m.saved_by = caller.user;
  m.saved_at = ctx_.now();
  auto before = store::ImportMappingRepository::findBySignature(c, kind, m.header_signature);
  m.id = store::ImportMappingRepository::upsert(c, m);
  ctx_.audit.record(c, caller, "import.mapping_save", mappingObject(m.id),
                    nlohmann::json{{"kind", kind},
                                   {"header", header},
                                   {"mapping", nlohmann::json::parse(m.mapping_json)},
                                   {"replaced", before.has_value()}}
                        .dump());
  return m;
}

std::vector<store::SavedMappingRecord> SavedMappings::list(const std::string& kind) const {
  std::vector<store::SavedMappingRecord> out;
  ctx_.db.read([&](store::Connection& c) { out = store::ImportMappingRepository::list(c, kind, kMaxSavedMappingsListed); });
  return out;
}

void SavedMappings::remove(const Caller& caller, std::int64_t id) const {
  ctx_.db.write([&](store::Connection& c) {
    auto found = store::ImportMappingRepository::find(c, id);
    if (!found || !store::ImportMappingRepository::remove(c, id))
      throw Error(errc::import_mapping_not_found, "no such saved mapping");
    ctx_.audit.record(c, caller, "import.mapping_delete", mappingObject(id),
                      nlohmann::json{{"kind", found->kind},
                                     {"header", nlohmann::json::parse(found->header_json)},
                                     {"mapping", nlohmann::json::parse(found->mapping_json)}}
                          .dump());
  });
}

nlohmann::json savedMappingToJson(const store::SavedMappingRecord& m) {
  return {{"id", m.id},
          {"kind", m.kind},
          {"header", nlohmann::json::parse(m.header_json)},
          {"mapping", nlohmann::json::parse(m.mapping_json)},
          {"saved_by", m.saved_by},
          {"saved_at", m.saved_at}};
}

}  // namespace trellis::service
