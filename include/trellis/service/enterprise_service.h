// Use cases of the enterprise register: register, read, edit (optimistic concurrency), archive,
// restore, list/search. One transaction each; every change appends a history version.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trellis/core/clock.h"
#include "trellis/domain/catalog.h"
#include "trellis/domain/enterprise.h"
#include "trellis/domain/table.h"
#include "trellis/io/enterprise_json.h"
#include "trellis/rules/ladder.h"
#include "trellis/service/audit_trail.h"
#include "trellis/service/scope.h"
#include "trellis/service/caller.h"
#include "trellis/service/context.h"
#include "trellis/store/database.h"
#include "trellis/store/enterprise_repository.h"

namespace trellis::service {

struct ListQuery {
  std::string region, industry, tag, q;
  std::string rung;                    // a stage id (the current top rung) or "none"; "" = any
  std::string pool;                    // an open membership of this pool id; "" = any
  std::optional<std::int64_t> designation_expiring_within;  // days: a valid designation ends within
  std::string sort;                    // "" (registration order), name, created, region, rung
  std::string order;                   // "" / asc, desc
  std::optional<std::int64_t> limit;  // default 50, at most max_page_size
  std::string cursor;                 // from a previous page's next_cursor
  bool include_archived = false;
  bool want_total = false;
};

// An enterprise as its caller reads it: whether its phone is masked is decided by the service
// (EnterpriseService::masksPhoneFor), so the codec only writes it.
struct EnterpriseView {
  domain::Enterprise enterprise;
  bool phone_masked = true;
};

struct ListResult {
  std::vector<domain::Enterprise> items;
  // Parallel to items: the current rung (stage id, "" = none) and the open pools (display order).
  std::vector<std::string> rungs;
  std::vector<std::vector<std::string>> pools;
  std::optional<std::int64_t> total;  // when the query asked for it
  std::string next_cursor;            // empty on the last page
  bool phone_masked = true;           // for every item, as in EnterpriseView
};

class EnterpriseService {
 public:
  EnterpriseService(const Context& ctx, const domain::Catalog& catalog, const rules::Ladder& ladder);

  // Throws Error invalid (field named) for bad values; invalid "uscc_checksum" unless the draft
  // sets uscc_checksum_override; conflict "uscc_exists" for a registered code.
  EnterpriseView create(const Caller& caller, const io::EnterpriseDraft& draft);
  // Throws Error not_found when the code is unknown or outside the caller's scope.
  EnterpriseView get(const Caller& caller, std::string_view uscc);
  // version: from If-Match or the body; none → precondition_required; stale → conflict
  // "stale_version" with the current version.
  EnterpriseView update(const Caller& caller, std::string_view uscc, const io::EnterprisePatch& patch,
                        std::optional<std::int64_t> version);
  EnterpriseView archive(const Caller& caller, std::string_view uscc);
  EnterpriseView restore(const Caller& caller, std::string_view uscc);
  // Throws Error invalid naming the parameter for a bad value (unknown_region, unknown_industry,
  // unknown_stage, unknown_pool, unknown_sort, unknown_order, out_of_range, too_short …), bad
  // request "invalid_cursor" for a cursor this server did not make and invalid "cursor_mismatch"
  // for one made for another sort or order.
  ListResult list(const Caller& caller, const ListQuery& query);
  // Every row the query matches (limit and cursor are not taken), in its order, into sink as one
  // sheet "企业名单" (exportColumns), read in batches of 500 inside one read transaction so the
  // export is one snapshot and memory stays bounded. The same checks, scope and phone masking as
  // list(). Throws Error invalid "export_too_large" (field "format") when more than
  // the Context's max_export_rows match, before a row is written. Returns the number of rows written.
  std::int64_t exportList(const Caller& caller, const ListQuery& query, domain::TableSink& sink);
  static std::vector<domain::Column> exportColumns();
  // The unmasked contact phone; an audited action ("enterprise.reveal_phone").
  std::string revealPhone(const Caller& caller, std::string_view uscc);

  // True when contact phones this caller reads are shown masked (138****1234): every role but
  // those whose duty needs the number (auth::seesPhoneNumbers) and the system caller (CLI, demo
  // data). PIPL, RELIABILITY §4.5. Every read model that carries a phone is decided by this.
  static bool masksPhoneFor(const Caller& caller);
  // A Chinese mobile number or a landline with its area code (the check contact_phone must pass).
  static bool plausiblePhone(std::string_view text);

  // Bulk registration for demo data and imports: one transaction, no per-row history beyond
  // the create version. Returns the number inserted.
  // The checks create() makes, without writing: the same validators and the caller's region scope
  // (Error forbidden "region_out_of_scope"). Used by the import dry run (issue 12).
  domain::Enterprise check(const Caller& caller, const io::EnterpriseDraft& draft) const;
  std::size_t createMany(const Caller& caller, const std::vector<io::EnterpriseDraft>& drafts);
  // The import's writes (issue 12), on c, the import's one write transaction, with history and
  // audit exactly as create() and update()/archive() write them. e has passed check(); insertOn
  // sets id, version 1 and timestamps; replaceOn writes e as found's next version (change is
  // "update", "archive" or "restore") and throws conflict "stale_version" when found is stale.
  domain::Enterprise insertOn(store::Connection& c, const Caller& caller, domain::Enterprise e) const;
  domain::Enterprise replaceOn(store::Connection& c, const Caller& caller, const domain::Enterprise& found,
                               domain::Enterprise e, const std::string& change) const;

 private:
  store::EnterpriseFilter filterFor(const Caller& caller, const ListQuery& q) const;
  domain::Enterprise validated(const io::EnterpriseDraft& draft) const;
  void validateValues(const domain::Enterprise& e) const;
  domain::Enterprise setArchived(const Caller& caller, std::string_view uscc, bool archived);
  std::string normalisedUscc(std::string_view raw) const;

  const Context& ctx_;
  const domain::Catalog& catalog_;
  const rules::Ladder& ladder_;
  EnterpriseScope scope_;  // load-check-refuse for changes to one enterprise
};

}  // namespace trellis::service
