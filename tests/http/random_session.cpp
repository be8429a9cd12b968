#include "random_session.h"

#include <atomic>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <thread>

namespace trellis::consistencytest {
namespace {

using nlohmann::json;

struct Principal {
  const char* login;
  const char* role;
  const char* region;  // "" = city-wide
};

const Principal kPrincipals[] = {
    {"bureau", "bureau", ""},      {"weidu", "county", "411002"},  {"changge", "county", "411082"},
    {"viewer", "viewer", "411002"}, {"liaison", "liaison", "411002"},
};
const char* const kRegions[] = {"411002", "411082"};

struct Entity {
  std::string uscc;
  std::string region;
  std::int64_t version = 1;
  bool archived = false;
  bool assigned = false;  // the liaison officer is its assigned officer
  int contacts = 0;
};

bool canWrite(const Principal& p) { return std::string(p.role) == "bureau" || std::string(p.role) == "county"; }

bool sees(const Principal& p, const Entity& e) {
  std::string role = p.role;
  if (role == "bureau") return true;
  if (e.region != p.region) return false;
  return role != "liaison" || e.assigned;
}

class Session {
 public:
  Session(DemoCity& city, const RandomSessionOptions& o) : city_(city), o_(o), rng_(o.seed) {
    tag_ = "rt" + std::to_string(o.seed % 100000) + "x" + std::to_string(serialBase() % 1000);
    // Demo enterprises with yearly indicators: their reads were the ones that pinned a reader.
    for (auto& row : city_.query("SELECT e.uscc, e.region_code, y.year FROM yearly_indicators y JOIN enterprise e "
                                 "ON e.id = y.enterprise_id ORDER BY e.id, y.year LIMIT 40"))
      ladder_.push_back(row);
  }

  RandomSessionResult run() {
    auto start = std::chrono::steady_clock::now();
    auto next_report = start + o_.report_every;
    RandomSessionResult result;
    while (result.steps < o_.max_steps && std::chrono::steady_clock::now() - start < o_.max_time &&
           divergences_.empty()) {
      step();
      ++result.steps;
      if (o_.verify_every > 0 && result.steps % o_.verify_every == 0) verifyConcurrently();
      if (o_.report && std::chrono::steady_clock::now() >= next_report) {
        o_.report(result.steps);
        next_report += o_.report_every;
      }
    }
    if (divergences_.empty()) verifyConcurrently();
    result.enterprises = static_cast<std::int64_t>(model_.size());
    result.divergences = divergences_;
    return result;
  }

 private:
  // Distinct codes per run: the seed and the clock, so a soak can run on one database twice.
  static std::uint64_t serialBase() {
    return static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count() / 1000) % 90000000;
  }

  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  const Principal& anyone() { return kPrincipals[pick(5)]; }
  Entity* anyEntity() { return model_.empty() ? nullptr : &model_[static_cast<size_t>(pick(static_cast<int>(model_.size())))]; }

  void diverge(const std::string& what, const Reply& r) {
    std::ostringstream s;
    s << "step " << step_ << " (seed " << o_.seed << "): " << what << " → " << r.status << " " << r.body.substr(0, 300);
    divergences_.push_back(s.str());
  }

  std::string path(const Entity& e, const std::string& rest = "") { return "/api/v1/enterprises/" + e.uscc + rest; }

  void step() {
    ++step_;
    int dice = pick(100);
    if (dice < 14 || model_.size() < 4) return create();
    Entity* e = anyEntity();
    if (dice < 40) return get(anyone(), *e);
    if (dice < 55) return patch(anyone(), *e);
    if (dice < 65) return archive(anyone(), *e, pick(2) == 0);
    if (dice < 70) return assign(*e);
    if (dice < 80) return contact(anyone(), *e);
    if (dice < 86) return contacts(anyone(), *e);
    if (dice < 92) return ladder(anyone());
    return count(anyone(), pick(2) == 0);
  }

  void create() {
    if (static_cast<int>(model_.size()) >= o_.max_enterprises) return count(anyone(), true);
    const Principal& p = kPrincipals[pick(3)];  // bureau or a county officer
    Entity e;
    e.region = *p.region ? p.region : kRegions[pick(2)];
    e.uscc = authtest::usccFor(e.region, serial_base_ + static_cast<std::uint64_t>(++created_));
    json body = {{"uscc", e.uscc}, {"name", "许昌随机测试电气有限公司"}, {"region", e.region},
                 {"industry", "power_equipment"}, {"tags", {tag_}}};
    auto r = city_.as(p.login, "POST", "/api/v1/enterprises", body.dump());
    if (r.status != 201 || r.json.value("version", 0) != 1) return diverge(std::string("create by ") + p.login, r);
    model_.push_back(e);
  }

  void get(const Principal& p, const Entity& e) {
    auto r = city_.as(p.login, "GET", path(e));
    if (!sees(p, e)) {
      if (r.status != 404) diverge(std::string("GET hidden by ") + p.login, r);
      return;
    }
    if (r.status != 200 || r.json.value("version", 0) != e.version || r.json.value("archived", !e.archived) != e.archived)
      diverge(std::string("GET by ") + p.login + " expecting v" + std::to_string(e.version), r);
  }

  void patch(const Principal& p, Entity& e) {
    bool stale = pick(10) == 0 && e.version > 1;
    std::int64_t sent = stale ? e.version - 1 : e.version;
    auto r = city_.as(p.login, "PATCH", path(e), json({{"address", "许昌市测试路" + std::to_string(step_) + "号"}}).dump(),
                      {{"If-Match", "\"" + std::to_string(sent) + "\""}});
    int expected = !canWrite(p) ? 403 : !sees(p, e) ? 404 : stale ? 409 : 200;
    if (r.status != expected) return diverge(std::string("PATCH by ") + p.login + " expecting " + std::to_string(expected), r);
    if (expected != 200) return;
    if (r.json.value("version", 0) != e.version + 1) return diverge("PATCH version", r);
    e.version += 1;
  }

  void archive(const Principal& p, Entity& e, bool archive) {
    auto r = archive ? city_.as(p.login, "DELETE", path(e)) : city_.as(p.login, "POST", path(e, "/restore"), "{}");
    int expected = !canWrite(p) ? 403 : !sees(p, e) ? 404 : 200;
    if (r.status != expected) return diverge(std::string(archive ? "archive" : "restore") + " by " + p.login, r);
    if (expected != 200) return;
    if (e.archived != archive) {
      e.archived = archive;
      e.version += 1;
    }
    if (r.json.value("version", 0) != e.version || r.json.value("archived", !archive) != archive)
      diverge(std::string(archive ? "archive" : "restore") + " answer", r);
  }

  void assign(Entity& e) {
    if (e.assigned || e.archived) return get(kPrincipals[4], e);
    const Principal& p = kPrincipals[pick(3)];
    auto r = city_.as(p.login, "PUT", path(e, "/liaison"), R"({"officer":"liaison"})");
    bool in_region = e.region == "411002";
    int expected = !sees(p, e) ? 404 : in_region ? 200 : 422;  // the officer serves 411002 only
    if (r.status != expected) return diverge(std::string("assign liaison by ") + p.login, r);
    if (expected == 200) e.assigned = true;
  }

  void contact(const Principal& p, Entity& e) {
    if (e.archived || e.contacts >= 5) return get(p, e);
    auto r = city_.as(p.login, "POST", path(e, "/contacts"), R"({"summary":"随机测试走访"})");
    std::string role = p.role;
    int expected = role == "viewer" ? 403 : !sees(p, e) ? 404 : 201;
    if (r.status != expected) return diverge(std::string("contact by ") + p.login, r);
    if (expected == 201) e.contacts += 1;
  }

  void contacts(const Principal& p, const Entity& e) {
    auto r = city_.as(p.login, "GET", path(e, "/contacts"));
    if (!sees(p, e)) {
      if (r.status != 404) diverge(std::string("contacts hidden from ") + p.login, r);
      return;
    }
    if (r.status != 200 || !r.json.contains("items") || static_cast<int>(r.json["items"].size()) != e.contacts)
      diverge(std::string("contacts by ") + p.login + " expecting " + std::to_string(e.contacts), r);
  }

  // Indicators of a year, expert scores, designations or the evaluation of a demo enterprise.
  void ladder(const Principal& p) {
    if (ladder_.empty()) return count(p, false);
    const auto& row = ladder_[static_cast<size_t>(pick(static_cast<int>(ladder_.size())))];
    const std::string& uscc = row[0];
    const std::string& year = row[2];
    const std::string rest[] = {"/indicators/" + year, "/expert-scores/" + year, "/designations",
                                "/evaluation?stage=hnte&year=" + year};
    std::string what = rest[pick(4)];
    auto r = city_.as(p.login, "GET", "/api/v1/enterprises/" + uscc + what);
    // Not assigned to the liaison officer (only the test's own enterprises are).
    bool visible = std::string(p.role) == "bureau" || (std::string(p.role) != "liaison" && row[1] == p.region);
    bool ok = visible ? (r.status == 200 || (r.status == 404 && what.rfind("/expert-scores", 0) == 0)) : r.status == 404;
    if (!ok) diverge(std::string("GET ") + what + " of a demo enterprise by " + p.login, r);
  }

  void count(const Principal& p, bool include_archived) {
    std::int64_t expected = 0;
    for (const auto& e : model_) expected += sees(p, e) && (include_archived || !e.archived) ? 1 : 0;
    auto r = city_.as(p.login, "GET", "/api/v1/enterprises?total=true&limit=1&tag=" + tag_ +
                                          (include_archived ? "&include_archived=true" : ""));
    if (r.status != 200 || r.json.value("total", std::int64_t{-1}) != expected)
      diverge(std::string("list total for ") + p.login + " expecting " + std::to_string(expected), r);
  }

  // Every entity as every principal, from as many concurrent clients as the server has workers.
  void verifyConcurrently() {
    constexpr int kClients = 8;
    std::mutex m;
    std::vector<std::string> found;
    std::vector<std::thread> clients;
    for (int t = 0; t < kClients; ++t) {
      clients.emplace_back([&, t] {
        for (size_t i = static_cast<size_t>(t); i < model_.size(); i += kClients) {
          const Entity& e = model_[i];
          const Principal& p = kPrincipals[i % 5];
          auto r = city_.as(p.login, "GET", path(e));
          bool ok = sees(p, e) ? r.status == 200 && r.json.value("version", 0) == e.version : r.status == 404;
          if (!ok) {
            std::lock_guard<std::mutex> lock(m);
            found.push_back("concurrent read-back of " + e.uscc + " by " + p.login + " expecting v" +
                            std::to_string(e.version) + " → " + std::to_string(r.status) + " " + r.body.substr(0, 200));
          }
        }
      });
    }
    for (auto& c : clients) c.join();
    for (auto& f : found) divergences_.push_back("step " + std::to_string(step_) + ": " + f);
  }

  DemoCity& city_;
  RandomSessionOptions o_;
  std::mt19937_64 rng_;
  std::string tag_;
  std::uint64_t serial_base_ = serialBase();
  std::int64_t created_ = 0;
  std::int64_t step_ = 0;
  std::vector<Entity> model_;
  std::vector<std::vector<std::string>> ladder_;  // uscc, region, year
  std::vector<std::string> divergences_;
};

}  // namespace

RandomSessionResult runRandomSession(DemoCity& city, const RandomSessionOptions& options) {
  return Session(city, options).run();
}

}  // namespace trellis::consistencytest
