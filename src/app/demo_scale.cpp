#include "trellis/app/demo_scale.h"

#include <cstdint>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <vector>

#include "trellis/app/demo_data.h"
#include "trellis/core/error.h"
#include "trellis/graph/synthetic_graph.h"
#include "trellis/io/enterprise_json.h"
#include "trellis/io/graph_json.h"
#include "trellis/service/member_upkeep.h"
#include "trellis/store/contact_repository.h"
#include "trellis/store/enterprise_repository.h"
#include "trellis/store/graph_repository.h"
#include "trellis/store/ladder_repository.h"
#include "trellis/store/liaison_repository.h"
#include "trellis/store/pool_repository.h"
#include "trellis/store/problem_repository.h"

namespace trellis::app {
namespace {

using Clock = std::chrono::steady_clock;

std::int64_t between(std::mt19937_64& rng, std::int64_t lo, std::int64_t hi) {
  return lo + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(hi - lo + 1));
}

Date dayIn(std::mt19937_64& rng, int year, int month_from, int month_to) {
  return Date(year, static_cast<int>(between(rng, month_from, month_to)), static_cast<int>(between(rng, 1, 28)));
}

template <class T>
const T& pick(std::mt19937_64& rng, const std::vector<T>& v) {
  return v[static_cast<std::size_t>(rng() % v.size())];
}

// How many of `total` items fall into the first `i` of `n` slots when spread evenly: slot i gets
// share(i + 1) - share(i) of them, so the counts add up to `total` exactly.
// i ≤ n and total are at most a few million here, so i * total stays far below 2^64 (no 128-bit
// arithmetic, which -Wpedantic refuses).
std::size_t share(std::size_t i, std::size_t n, std::size_t total) {
  return static_cast<std::size_t>(static_cast<std::uint64_t>(i) * total / n);
}

double secondsSince(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Everything one chunk of enterprises gets, written in the chunk's transaction.
class ChunkWriter {
 public:
  ChunkWriter(Runtime& runtime, const ScaleSpec& spec, std::mt19937_64& rng, ScaleFigures& fig,
              const std::map<std::string, std::int64_t>& officers, std::string now)
      : rt_(runtime), spec_(spec), rng_(rng), fig_(fig), officers_(officers), now_(std::move(now)),
        today_(runtime.context().today()), Y_(today_.year()) {}

  // Enterprise number `index` (0-based over the whole data set), already in the register.
  void write(store::Connection& c, domain::Enterprise e, std::size_t index) {
    history(c, e);
    std::vector<domain::Designation> held = designations(c, e);
    std::size_t n = spec_.enterprises;
    if (share(index + 1, n, spec_.pool_members) > share(index, n, spec_.pool_members)) {
      std::size_t member = share(index, n, spec_.pool_members);
      std::size_t contacts = share(member + 1, spec_.pool_members, spec_.contacts) -
                             share(member, spec_.pool_members, spec_.contacts);
      poolMember(c, e, held, member, contacts);
    }
  }

 private:
  // Four register changes after the create (a new phone, a new address): versions 2..5.
  void history(store::Connection& c, domain::Enterprise& e) {
    for (int v = 2; v <= spec_.history_per_enterprise; ++v) {
      domain::Enterprise after = e;
      after.version = e.version + 1;
      after.updated_at = now_;
      if (v % 2 == 0) {
        after.contact_phone = "13" + std::to_string(100000000 + static_cast<std::int64_t>(rng_() % 899999999));
      } else {
        after.address = e.address + "（" + std::to_string(v) + "号楼）";
      }
      if (!store::EnterpriseRepository::update(c, e, after))
        throw Error(errc::internal, "demo --scale: enterprise " + e.uscc + " changed while loading");
      store::EnterpriseRepository::appendHistory(c, e.id, after.version, "update", now_,
                                                 io::enterpriseJsonText(after, false));
      e = after;
      ++fig_.history_rows;
    }
  }

  domain::Designation record(store::Connection& c, const domain::Enterprise& e, domain::Designation d) {
    store::DesignationRecord r{e.id, d, "", "system", now_};
    r.designation.ends_on = rt_.ladder().endsOn(d.stage, d.starts_on);
    r.designation.id = store::LadderRepository::insertDesignation(c, r);
    ++fig_.designations;
    return r.designation;
  }

  // Five years of the ladder: yearly tech-SME filings for four in ten, an HNTE certificate for
  // one in eight (re-recognised three years on by most), eaglets, gazelles and leaders above it.
  std::vector<domain::Designation> designations(store::Connection& c, const domain::Enterprise& e) {
    std::vector<domain::Designation> held;
    const int first = Y_ - spec_.designation_years + 1;
    const int founded = e.founded_on ? e.founded_on->year() : 2000;
    auto upTo = [&](int year, int month_to) { return year == Y_ ? std::min(month_to, today_.month()) : month_to; };
    if (rng_() % 10 < 4) {
      for (int y = std::max(first + static_cast<int>(rng_() % 3), founded + 1); y <= Y_; ++y) {
        if (rng_() % 7 == 0) continue;
        domain::Designation d;
        d.stage = "tech_sme";
        d.starts_on = dayIn(rng_, y, 4, std::max(4, upTo(y, 10)));
        if (today_ < d.starts_on) continue;
        d.number = std::to_string(y) + "41" + e.region_code.substr(2, 4) + "A" + std::to_string(100000 + e.id % 900000);
        d.source = std::to_string(y) + "年河南省科技型中小企业入库名单";
        held.push_back(record(c, e, d));
      }
    }
    if (rng_() % 8 == 0 && founded < first) {
      int y = static_cast<int>(between(rng_, first - 1, Y_ - 1));
      for (int round = 0; round < 2 && y < Y_; ++round, y += 3) {
        domain::Designation d;
        d.stage = "hnte";
        d.starts_on = dayIn(rng_, y, 11, 12);
        if (today_ < d.starts_on) break;
        char number[32];
        std::snprintf(number, sizeof number, "GR%04d41%06d", y, static_cast<int>(e.id % 1000000));
        d.number = number;
        d.source = "豫科〔" + std::to_string(y + 1) + "〕" + std::to_string(between(rng_, 2, 30)) + "号";
        held.push_back(record(c, e, d));
        if (rng_() % 10 < 3) break;  // not re-recognised
      }
      if (!held.empty() && held.back().stage == "hnte" && rng_() % 5 == 0) {
        domain::Designation up;
        int r = static_cast<int>(rng_() % 20);
        up.stage = r == 0 ? "leader" : r == 1 ? "gazelle" : "eaglet";
        up.starts_on = held.back().starts_on.addDays(between(rng_, 60, 400));
        up.source = "许昌市" + std::string(up.stage == "eaglet" ? "雏鹰企业" : "百快百强企业") + "名单";
        if (up.starts_on < today_) held.push_back(record(c, e, up));
      }
    }
    return held;
  }

  // One reserve-pool member in one of five yearly cohorts: its pool follows its rung (no rung →
  // the tech-SME pool; 科小 → HNTE reserve; 高企 → double-hundred reserve). Cohorts whose target
  // year is over graduated (the designation recorded, the membership exited) or were withdrawn
  // or are still open; open members get their roadmap. Every member gets the liaison officer of
  // its region and `contacts` contacts from entry to today (an officer keeps visiting after a
  // graduation), with problems.
  void poolMember(store::Connection& c, const domain::Enterprise& e, std::vector<domain::Designation>& held,
                  std::size_t member, std::size_t contacts) {
    const auto& ladder = rt_.ladder();
    domain::PoolMember m;
    m.enterprise_id = e.id;
    m.uscc = e.uscc;
    if (ladder.holdsOn("hnte", held, today_)) {
      m.pool = "double_hundred_reserve";
      m.target_stage = ladder.holdsOn("eaglet", held, today_) ? "gazelle" : "eaglet";
    } else if (ladder.holdsOn("tech_sme", held, today_)) {
      m.pool = "hnte_reserve";
      m.target_stage = "hnte";
    } else {
      m.pool = "tech_sme_pool";
      m.target_stage = "tech_sme";
    }
    const int cohort = Y_ - spec_.designation_years + 1 + static_cast<int>(member % static_cast<std::size_t>(spec_.designation_years));
    m.tier = rng_() % 3 == 0 ? "long_term" : "key";
    m.entered_on = dayIn(rng_, cohort, 2, cohort == Y_ ? std::max(2, today_.month() - 1) : 10);
    if (today_ < m.entered_on) m.entered_on = today_;
    m.target_year = cohort + 1 + static_cast<int>(rng_() % 2);
    m.region_code = e.region_code;
    m.created_at = m.updated_at = now_;
    m.id = store::PoolRepository::insertMember(c, m);
    ++fig_.pool_members;

    if (m.target_year < Y_) {
      int outcome = static_cast<int>(rng_() % 10);
      if (outcome < 5) {  // graduated: recognised in the autumn of its target year
        domain::Designation d;
        d.stage = m.target_stage;
        d.starts_on = dayIn(rng_, m.target_year, 9, 12);
        d.source = std::to_string(m.target_year) + "年认定名单";
        held.push_back(record(c, e, d));
        exit(c, m, d.starts_on, "graduated");
        liaison(c, e, m, contacts);
        return;
      }
      if (outcome < 7) {
        exit(c, m, Date(m.target_year, 12, 31), "withdrawn");
        liaison(c, e, m, contacts);
        return;
      }
    }
    service::Caller system;
    system.request_id = "demo";
    service::syncRoadmap(c, ladder, rt_.auditTrail(), system, e, m, m.entered_on, now_);
    for (auto& ms : store::PoolRepository::milestones(c, m.id)) {  // work done so far, some late
      ++fig_.milestones;
      if (ms.due_on >= today_ || rng_() % 4 == 0) continue;
      ms.status = "done";
      ms.done_on = ms.due_on.addDays(rng_() % 4 == 0 ? between(rng_, 1, 20) : -between(rng_, 0, 30));
      if (today_ < *ms.done_on) ms.done_on = today_;
      if (*ms.done_on < m.entered_on) ms.done_on = m.entered_on;
      ms.closed_by = "system";
      ms.updated_at = now_;
      store::PoolRepository::updateMilestone(c, ms);
      ++fig_.milestones_done;
    }
    liaison(c, e, m, contacts);
  }

  void exit(store::Connection& c, const domain::PoolMember& m, Date on, const std::string& reason) {
    if (today_ < on) on = today_;
    if (on < m.entered_on) on = m.entered_on;
    if (!store::PoolRepository::exitMember(c, m.id, m.version, on, reason, now_))
      throw Error(errc::internal, "demo --scale: membership " + std::to_string(m.id) + " did not exit");
    ++fig_.pool_exits;
  }

  void liaison(store::Connection& c, const domain::Enterprise& e, const domain::PoolMember& m, std::size_t contacts) {
    auto officer = officers_.find(e.region_code);
    if (officer == officers_.end()) return;
    store::LiaisonRepository::insert(c, e.id, officer->second, now_, 0);
    ++fig_.assignments;
    const auto& cfg = rt_.liaisonConfig();
    const std::int64_t span = std::max<std::int64_t>(1, today_.daysSinceEpoch() - m.entered_on.daysSinceEpoch());
    for (std::size_t k = 0; k < contacts; ++k) {
      domain::Contact ct;
      ct.enterprise_id = e.id;
      ct.officer_id = officer->second;
      ct.contact_date = m.entered_on.addDays(span * static_cast<std::int64_t>(k + 1) / static_cast<std::int64_t>(contacts + 1));
      ct.mode = pick(rng_, cfg.contact_modes).code;
      ct.met_with = e.legal_representative;
      ct.summary = "走访了解企业研发投入与申报准备情况";
      int f = static_cast<int>(rng_() % 20);
      ct.flag = f == 0 ? "red" : f < 4 ? "amber" : "green";
      ct.created_by = "system";
      ct.created_at = now_;
      ct.id = store::ContactRepository::insert(c, ct, 0);
      ++fig_.contacts;
      if (rng_() % 20 == 0) problem(c, ct);
    }
  }

  // A problem raised at the contact, in a state that fits its age.
  void problem(store::Connection& c, const domain::Contact& ct) {
    const auto& cfg = rt_.liaisonConfig();
    domain::Problem p;
    p.enterprise_id = ct.enterprise_id;
    p.contact_id = ct.id;
    const auto& cat = pick(rng_, cfg.categories);
    p.category = cat.code;
    p.description = cat.name + "：企业反映需协调解决";
    p.owner_unit = rng_() % 3 == 0 ? pick(rng_, cfg.owner_units).code : cat.default_owner_unit;
    p.raised_on = ct.contact_date;
    p.deadline = ct.contact_date.addDays(cfg.default_problem_deadline_days);
    int r = static_cast<int>(rng_() % 10);
    if (p.deadline < today_.addDays(-60) && r < 7) {
      p.status = domain::ProblemStatus::closed;
      p.resolved_on = p.deadline.addDays(-between(rng_, 0, 20));
      p.closed_on = *p.resolved_on;
      p.satisfaction = static_cast<int>(between(rng_, 3, 5));
      p.resolution = "已协调解决";
    } else if (r < 8) {
      p.status = domain::ProblemStatus::resolved;
      p.resolved_on = std::min(today_, p.deadline);
      p.resolution = "已办结，待企业确认";
    } else {
      p.status = r == 8 ? domain::ProblemStatus::in_progress : (rng_() % 2 ? domain::ProblemStatus::open : domain::ProblemStatus::escalated);
    }
    p.created_by = "system";
    p.created_at = p.updated_at = now_;
    p.id = store::ProblemRepository::insert(c, p);
    ++fig_.problems;
    // Its history, which the reports read the status on a date from: raised, then each move.
    std::optional<domain::ProblemStatus> from;
    auto move = [&](domain::ProblemStatus to, Date on) {
      domain::ProblemEvent ev;
      ev.problem_id = p.id;
      ev.from_status = from;
      ev.to_status = to;
      ev.on_date = on;
      ev.at = now_;
      ev.by = "system";
      store::ProblemRepository::appendEvent(c, ev, 0);
      from = to;
    };
    move(domain::ProblemStatus::open, p.raised_on);
    if (p.status == domain::ProblemStatus::open) return;
    if (p.status == domain::ProblemStatus::resolved || p.status == domain::ProblemStatus::closed) {
      move(domain::ProblemStatus::resolved, std::max(p.raised_on, *p.resolved_on));
      if (p.closed_on) move(domain::ProblemStatus::closed, std::max(p.raised_on, *p.closed_on));
      return;
    }
    move(p.status, std::min(today_, p.raised_on.addDays(7)));
  }

  Runtime& rt_;
  const ScaleSpec& spec_;
  std::mt19937_64& rng_;
  ScaleFigures& fig_;
  const std::map<std::string, std::int64_t>& officers_;
  const std::string now_;
  const Date today_;
  const int Y_;
};

// One liaison officer per region (login scale_liaison_<n>), with a random password nobody is
// told: the officers exist so contacts and assignments count for someone.
std::map<std::string, std::int64_t> createOfficers(Runtime& runtime, ScaleFigures& fig) {
  service::Caller cli;
  cli.role = domain::Role::system;
  cli.request_id = "demo";
  std::random_device device;
  std::map<std::string, std::int64_t> out;
  for (const auto& r : runtime.catalog().regions) {
    std::string login = "scale_liaison_" + std::to_string(out.size() + 1);
    std::string password = "Scale-" + std::to_string(device()) + "-" + std::to_string(device()) + "-Pw!x9";
    auto u = runtime.users().create(cli, service::NewUser{login, r.name + "联络员", "liaison", r.code, password});
    out[r.code] = u.id;
    ++fig.officers;
  }
  return out;
}

// The graph benchmark's graph over the loaded enterprises: its enterprise ids 1..N are the
// enterprises in load order (their nodes exist, made by the sql/008 trigger); the other nodes and
// the links are written here, a chunk of links per transaction.
void loadGraph(Runtime& runtime, const ScaleSpec& spec, std::uint64_t seed, const std::vector<std::int64_t>& enterprise_ids,
               const std::string& now, ScaleFigures& fig) {
  if (spec.graph_nodes <= enterprise_ids.size()) return;
  graph::SyntheticLayout lay(spec.graph_nodes, static_cast<std::uint32_t>(enterprise_ids.size()));
  std::mt19937_64 rng(seed ^ 0x6A4F2ULL);
  std::vector<domain::NodeId> db_id(lay.n + 1, 0);
  {
    std::vector<domain::GraphNode> nodes = graph::makeSyntheticNodes(lay, runtime.graph().config(), rng);
    const auto& regions = runtime.catalog().regions;
    runtime.db().write([&](store::Connection& c) {
      for (std::uint32_t i = 1; i <= lay.ent_end; ++i) {
        auto node = store::GraphRepository::enterpriseNode(c, enterprise_ids[i - 1]);
        if (!node) throw Error(errc::internal, "demo --scale: enterprise without a graph node");
        db_id[i] = *node;
      }
      for (const auto& n : nodes) {
        if (n.kind == domain::NodeKind::enterprise) continue;
        store::GraphNodeRow row;
        row.node = n;
        row.node.region_code = regions[static_cast<std::size_t>(n.id) % regions.size()].code;
        row.fields_json = io::graphNodeFieldsToText(n);
        row.created_by = "system";
        row.created_at = row.updated_at = now;
        db_id[static_cast<std::size_t>(n.id)] = store::GraphRepository::insertNode(c, row);
        ++fig.graph_nodes;
      }
    });
  }
  fig.graph_nodes += lay.ent_end;
  std::vector<domain::GraphLink> links = graph::makeSyntheticLinks(lay, spec.graph_links, rng);
  const std::size_t per_transaction = 250000;
  for (std::size_t from = 0; from < links.size(); from += per_transaction) {
    runtime.db().write([&](store::Connection& c) {
      for (std::size_t i = from; i < std::min(links.size(), from + per_transaction); ++i) {
        domain::GraphLink l = links[i];
        l.from = db_id[static_cast<std::size_t>(l.from)];
        l.to = db_id[static_cast<std::size_t>(l.to)];
        l.recorded_by = "system";
        store::GraphRepository::insertLink(c, l, now);
        ++fig.graph_links;
      }
    });
  }
}

}  // namespace

ScaleSpec scaleSpec(const std::string& name) {
  ScaleSpec s;
  s.name = name;
  if (name == "province") {
    s.enterprises = 200000;
    s.pool_members = 50000;
    s.contacts = 500000;
    s.graph_nodes = 300000;
    s.graph_links = 1500000;
    return s;
  }
  if (name == "city") {  // one hundredth, so ctest covers the path in seconds
    s.enterprises = 2000;
    s.pool_members = 500;
    s.contacts = 5000;
    s.graph_nodes = 3000;
    s.graph_links = 15000;
    s.chunk = 500;
    return s;
  }
  throw Error(errc::unknown_kind, "--scale must be province or city", "--scale");
}

std::string ScaleFigures::summary() const {
  auto n = [](std::int64_t v) { return std::to_string(v); };
  return "enterprises " + n(enterprises) + ", history rows " + n(history_rows) + "\n" +
         "designations " + n(designations) + "\n" +
         "pool members " + n(pool_members) + " (" + n(pool_exits) + " exited), milestones " + n(milestones) + " (" +
         n(milestones_done) + " done)\n" +
         "liaison officers " + n(officers) + ", assignments " + n(assignments) + ", contacts " + n(contacts) +
         ", problems " + n(problems) + "\n" +
         "graph nodes " + n(graph_nodes) + ", links " + n(graph_links);
}

ScaleFigures loadScaleDemo(Runtime& runtime, const ScaleSpec& spec, std::uint64_t seed, std::ostream& progress) {
  ScaleFigures fig;
  const auto started = Clock::now();
  const std::string now = formatTimestamp(runtime.clock().now());
  auto officers = createOfficers(runtime, fig);
  DemoEnterpriseGenerator generator(runtime.catalog(), seed);
  std::mt19937_64 rng(seed ^ 0x5CA1EULL);
  ChunkWriter writer(runtime, spec, rng, fig, officers, now);
  service::Caller system;
  system.request_id = "demo";
  std::vector<std::int64_t> enterprise_ids;
  enterprise_ids.reserve(spec.enterprises);
  for (std::size_t done = 0; done < spec.enterprises;) {
    auto drafts = generator.next(std::min(spec.chunk, spec.enterprises - done));
    runtime.enterprises().createMany(system, drafts);
    fig.enterprises += static_cast<std::int64_t>(drafts.size());
    fig.history_rows += static_cast<std::int64_t>(drafts.size());
    runtime.db().write([&](store::Connection& c) {
      for (std::size_t i = 0; i < drafts.size(); ++i) {
        auto e = store::EnterpriseRepository::findByUscc(c, drafts[i].uscc);
        if (!e) throw Error(errc::internal, "demo --scale: " + drafts[i].uscc + " was not stored");
        enterprise_ids.push_back(e->id);
        writer.write(c, *e, done + i);
      }
    });
    done += drafts.size();
    progress << "  " << done << " enterprises with their history, designations, pools and contacts ("
             << secondsSince(started) << " s)" << std::endl;
  }
  auto graph_started = Clock::now();
  loadGraph(runtime, spec, seed, enterprise_ids, now, fig);
  progress << "  graph: " << fig.graph_nodes << " nodes, " << fig.graph_links << " links (" << secondsSince(graph_started)
           << " s)" << std::endl;
  runtime.db().write([&](store::Connection& c) {
    runtime.auditTrail().record(c, system, "demo.scale", service::AuditObject{"demo", "scale", spec.name},
                                nlohmann::json{{"scale", spec.name}, {"seed", seed}, {"summary", fig.summary()}}.dump());
  });
  return fig;
}

}  // namespace trellis::app
