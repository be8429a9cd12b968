#include "trellis/app/commands.h"

#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/OptionSet.h>
#include <Poco/Util/ServerApplication.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "trellis/app/demo_data.h"
#include "trellis/app/demo_graph.h"
#include "trellis/app/demo_ladder.h"
#include "trellis/app/demo_liaison.h"
#include "trellis/app/demo_scale.h"
#include "trellis/app/runtime.h"
#include "trellis/auth/policy.h"
#include "trellis/store/audit_repository.h"
#include "trellis/core/error.h"
#include "trellis/store/enterprise_repository.h"
#include "trellis/service/import_batches.h"
#include "trellis/io/table_file.h"

namespace trellis::app {
namespace {

constexpr const char* kUsage = R"(trellis — the Xuchang enterprise-cultivation service

Usage:
  trellis serve   [--config FILE] [--port N] [--host ADDR] [--db FILE]
      Start the HTTP service (JSON API under /api/v1 and the web UI). SIGTERM/SIGINT let
      in-flight requests finish and close the database cleanly.
  trellis migrate [--config FILE] [--db FILE]
      Create the database or bring its schema up to date, then print the schema version.
  trellis demo    [--config FILE] [--db FILE] [--count N] [--seed S] [--scale province|city]
      Load the deterministic Xuchang demo data (default 3000 enterprises, seed 20221) into an
      empty database. Same seed and count, same data. --scale province instead loads the
      province-sized set tools/bench reports measures (200k enterprises, 1M history rows, five
      years of designations, 50k pool members with roadmaps, 500k contacts, a 300k-node /
      1.5M-link graph) and prints what it built and how long it took; --scale city is the same at
      one hundredth (for tests).
  trellis demo-liaison [--config FILE] [--db FILE] [--officer LOGIN]
      After `trellis user demo-users`: assign the demo liaison officer (default login liaison)
      a dozen enterprises of their region, with four months of contacts and problems in every
      state, dated back from today. Does nothing when the officer already has assignments.
  trellis user add     --login L --name N --role R [--region CODE]   (password on stdin)
  trellis user passwd  --login L                                     (password on stdin)
  trellis user disable --login L
  trellis user list
  trellis user demo-users
      Manage users (roles: admin bureau county liaison auditor viewer; county and liaison
      users need a region). Every change is audited as the system user. demo-users creates one
      user per role with a fresh random password and prints the logins and passwords.
      All take [--config FILE] [--db FILE].
  trellis audit verify [--config FILE] [--db FILE] [--anchor SEQ:HASH]
      Recompute the audit hash chain; name the first broken link. With --anchor, also check
      that row SEQ still carries HASH (found truncation). Exit 0 only when intact.
  trellis import FILE --kind K [--dry-run | --only-valid] [--sheet NAME] [--encoding utf8|gb18030]
      Check every row of a CSV or XLSX file as POST /api/v1/imports does (same validators,
      config/import.json header mapping). --dry-run prints the dry-run report as JSON (new,
      updated with field diffs, unchanged and refused rows) and writes nothing. Without it the
      file is stored as an import batch and committed as the system user, as POST
      /api/v1/imports/{id}/commit does: every row or none (a refused row: nothing is written),
      or with --only-valid the rows that pass. Prints {"batch", "report"}; the batch can be
      reverted over HTTP. Exit 0 when no row is refused, 3 when some are. Kinds: enterprises
      (the register), designations (the official HNTE / tech-SME lists), indicators (yearly
      indicators per enterprise and year), pool_members (reserve-pool membership), contacts
      (old liaison visit logs), liaison_assignments (包联分工: one officer per enterprise),
      targets (the bureau's region shares of a city target), graph_nodes (innovation platforms,
      talent teams, projects and partner institutions). Takes [--config FILE] [--db FILE].
  trellis export --kind KIND --out FILE [--format csv|xlsx] [--as LOGIN] [--region CODE]
                 [--pool POOL] [--status STATUS] [--from DATE] [--to DATE]
      Write a list as CSV (UTF-8 with BOM) or XLSX — the same rows as GET …?format=csv|xlsx.
      Kinds: enterprises, pool_members (needs --pool), milestones (a pool's due milestones:
      --pool, --to as the due-before date), problems (--status, e.g. not_closed), contacts
      (--from/--to), graph_nodes, audit (--from/--to). --format defaults to the
      file's extension. With --as, the list is what that user would download (their scope,
      phone masking and permission); without it, the system user's (the whole city). The file
      appears complete or not at all (written beside FILE, then renamed). Prints {"kind",
      "rows", "file"}. Takes [--config FILE] [--db FILE].
  trellis routes
      Print the API route table (method, path, action) as JSON.
  trellis --help
      This text.

Settings come from config/trellis.properties (see README); flags override them.
)";

// Parses "--name value" pairs; Error invalid for unknown or valueless flags.
std::map<std::string, std::string> parseFlags(int argc, char** argv, int first, const std::vector<std::string>& known) {
  std::map<std::string, std::string> flags;
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    std::string value;
    auto eq = arg.find('=');
    if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      throw Error(errc::missing_value, arg + " needs a value", arg);
    }
    bool ok = false;
    for (const auto& k : known) ok = ok || k == arg;
    if (!ok) throw Error(errc::unknown_flag, "unknown option " + arg + " (see trellis --help)", arg);
    flags[arg] = value;
  }
  return flags;
}

int toInt(const std::string& flag, const std::string& v) {
  if (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos)
    throw Error(errc::not_a_number, flag + " must be a whole number", flag);
  return std::stoi(v);
}

Settings settingsFrom(const std::map<std::string, std::string>& flags) {
  auto it = flags.find("--config");
  Settings s = loadSettings(it == flags.end() ? "config/trellis.properties" : it->second);
  if (flags.count("--db")) s.db_path = flags.at("--db");
  if (flags.count("--port")) s.server.port = toInt("--port", flags.at("--port"));
  if (flags.count("--host")) s.server.host = flags.at("--host");
  return s;
}

class ServeApplication final : public Poco::Util::ServerApplication {
 public:
  explicit ServeApplication(Settings settings) : settings_(std::move(settings)) {}

 protected:
  int main(const std::vector<std::string>&) override {
    SystemClock clock;
    Runtime runtime(settings_, clock);
    http::Server server(settings_.server, runtime.buildRouter(), runtime.accessPolicy());
    server.start();
    std::cout << "trellis " << kTrellisVersion << " serving http://" << settings_.server.host << ":" << server.port()
              << "/ (database " << settings_.db_path << ", schema " << runtime.db().schemaVersion() << ")"
              << std::endl;
    waitForTerminationRequest();
    std::cout << "trellis: stopping; letting in-flight requests finish" << std::endl;
    server.stop();
    return EXIT_OK;
  }

 private:
  Settings settings_;
};

int serve(int argc, char** argv) {
  Settings s = settingsFrom(parseFlags(argc, argv, 2, {"--config", "--port", "--host", "--db"}));
  ServeApplication app(std::move(s));
  // Options are ours; Poco sees only the program name.
  char* poco_argv[] = {argv[0], nullptr};
  return app.run(1, poco_argv);
}

int migrate(int argc, char** argv) {
  Settings s = settingsFrom(parseFlags(argc, argv, 2, {"--config", "--db"}));
  SystemClock clock;
  Runtime runtime(s, clock);
  std::cout << "database " << s.db_path << " is at schema version " << runtime.db().schemaVersion() << std::endl;
  return 0;
}

int demo(int argc, char** argv) {
  auto flags = parseFlags(argc, argv, 2, {"--config", "--db", "--count", "--seed", "--scale"});
  Settings s = settingsFrom(flags);
  std::size_t count = flags.count("--count") ? static_cast<std::size_t>(toInt("--count", flags.at("--count"))) : 3000;
  std::uint64_t seed = flags.count("--seed") ? static_cast<std::uint64_t>(toInt("--seed", flags.at("--seed"))) : 20221;
  SystemClock clock;
  Runtime runtime(s, clock);
  std::int64_t existing = 0;
  runtime.db().read([&](store::Connection& c) { existing = store::EnterpriseRepository::count(c); });
  if (existing > 0) {
    std::cerr << "trellis demo: " << s.db_path << " already holds " << existing
              << " enterprises; demo data goes only into an empty database" << std::endl;
    return 1;
  }
  if (flags.count("--scale")) {
    if (flags.count("--count")) throw Error(errc::unknown_flag, "--scale sets the counts; drop --count", "--count");
    ScaleSpec spec = scaleSpec(flags.at("--scale"));
    auto t0 = std::chrono::steady_clock::now();
    std::cout << "building the " << spec.name << "-scale demo (seed " << seed << ") into " << s.db_path << std::endl;
    ScaleFigures fig = loadScaleDemo(runtime, spec, seed, std::cout);
    std::cout << fig.summary() << "\nbuilt in "
              << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() << " s" << std::endl;
    return 0;
  }
  auto drafts = demoEnterprises(runtime.catalog(), seed, count);
  service::Caller system;
  auto n = runtime.enterprises().createMany(system, drafts);
  std::cout << "loaded " << n << " demo enterprises (seed " << seed << ") into " << s.db_path << std::endl;
  std::cout << "ladder: " << loadDemoLadder(runtime, seed).summary() << std::endl;
  std::cout << "graph: " << loadDemoGraph(runtime, seed).summary() << std::endl;
  return 0;
}

std::string readPasswordFromStdin() {
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

service::Caller cliCaller() {
  service::Caller c;
  c.user = "system";
  c.role = domain::Role::system;
  c.request_id = "cli";
  return c;
}

int user(int argc, char** argv) {
  std::string sub = argc > 2 ? argv[2] : "";
  auto flags = parseFlags(argc, argv, 3, {"--config", "--db", "--login", "--name", "--role", "--region"});
  Settings s = settingsFrom(flags);
  SystemClock clock;
  Runtime runtime(s, clock);
  auto need = [&](const char* f) {
    if (!flags.count(f)) throw Error(errc::required, std::string(f) + " is required", f);
    return flags.at(f);
  };
  if (sub == "add") {
    service::NewUser n{need("--login"), need("--name"), need("--role"), flags.count("--region") ? flags.at("--region") : "",
                       readPasswordFromStdin()};
    auto u = runtime.users().create(cliCaller(), n);
    std::cout << "created " << u.login << " (" << u.role << (u.region_scope.empty() ? "" : ", " + u.region_scope) << ")\n";
    return 0;
  }
  if (sub == "passwd") {
    service::UserChange ch;
    ch.password = readPasswordFromStdin();
    runtime.users().change(cliCaller(), need("--login"), ch);
    std::cout << "password changed; the user's sessions were ended\n";
    return 0;
  }
  if (sub == "disable") {
    service::UserChange ch;
    ch.active = false;
    runtime.users().change(cliCaller(), need("--login"), ch);
    std::cout << "disabled " << flags.at("--login") << "; the user's sessions were ended\n";
    return 0;
  }
  if (sub == "list") {
    for (const auto& u : runtime.users().list())
      std::cout << u.login << "\t" << u.role << "\t" << (u.region_scope.empty() ? "city" : u.region_scope) << "\t"
                << (u.active ? "active" : "disabled") << "\t" << u.display_name << "\n";
    return 0;
  }
  if (sub == "demo-users") {
    struct Demo { const char* login; const char* name; const char* role; const char* region; };
    const Demo demos[] = {{"admin", "系统管理员", "admin", ""},
                          {"bureau", "市科技局 分析员", "bureau", ""},
                          {"weidu", "魏都区 科技干部", "county", "411002"},
                          {"changge", "长葛市 科技干部", "county", "411082"},
                          {"liaison", "魏都区 联络员", "liaison", "411002"},
                          {"auditor", "审计员", "auditor", ""},
                          {"viewer", "魏都区 只读用户", "viewer", "411002"}};
    std::cout << "login\tpassword\trole\tregion\n";
    for (const auto& d : demos) {
      std::string password = "Tr-" + auth::randomToken(9) + "-7x";
      try {
        runtime.users().create(cliCaller(), {d.login, d.name, d.role, d.region, password});
        std::cout << d.login << "\t" << password << "\t" << d.role << "\t" << (*d.region ? d.region : "city") << "\n";
      } catch (const Error& e) {
        if (!e.is(errc::login_taken)) throw;
        std::cout << d.login << "\t(exists; password unchanged)\t" << d.role << "\n";
      }
    }
    return 0;
  }
  throw Error(errc::unknown_command, "trellis user: use add, passwd, disable, list or demo-users", "user");
}

int audit(int argc, char** argv) {
  std::string sub = argc > 2 ? argv[2] : "";
  if (sub != "verify") throw Error(errc::unknown_command, "trellis audit: use verify", "audit");
  auto flags = parseFlags(argc, argv, 3, {"--config", "--db", "--anchor"});
  Settings s = settingsFrom(flags);
  SystemClock clock;
  Runtime runtime(s, clock);
  auto v = runtime.auditQueries().verify();
  if (!v.ok) {
    std::cout << "audit chain BROKEN at seq " << v.first_bad_seq << ": " << v.problem << " (" << v.rows_checked
              << " rows verified before it)\n";
    return 1;
  }
  if (flags.count("--anchor")) {
    const std::string& anchor = flags.at("--anchor");
    auto colon = anchor.find(':');
    if (colon == std::string::npos) throw Error(errc::invalid_anchor, "--anchor takes SEQ:HASH", "--anchor");
    std::int64_t seq = toInt("--anchor", anchor.substr(0, colon));
    std::string hash = anchor.substr(colon + 1);
    store::AuditFilter f;
    f.after_seq = seq - 1;
    f.limit = 1;
    auto rows = runtime.auditQueries().query(f);
    if (rows.empty() || rows[0].seq != seq || rows[0].row_hash != hash) {
      std::cout << "audit chain does not contain anchor " << anchor << " (rows removed or rewritten)\n";
      return 1;
    }
  }
  std::cout << "audit chain intact: " << v.rows_checked << " rows, head " << v.rows_checked << ":" << v.head_hash << "\n";
  return 0;
}

int importFile(int argc, char** argv) {
  if (argc < 3 || std::string(argv[2]).rfind("--", 0) == 0)
    throw Error(errc::required, "trellis import needs the file to read (see trellis --help)", "FILE");
  std::string path = argv[2];
  bool dry_run = false, only_valid = false;
  std::vector<char*> rest = {argv[0], argv[1], argv[2]};
  for (int i = 3; i < argc; ++i) {
    if (std::string(argv[i]) == "--dry-run") dry_run = true;
    else if (std::string(argv[i]) == "--only-valid") only_valid = true;
    else rest.push_back(argv[i]);
  }
  if (dry_run && only_valid)
    throw Error(errc::conflicting_flags, "--only-valid commits; it cannot go with --dry-run", "--only-valid");
  auto flags = parseFlags(static_cast<int>(rest.size()), rest.data(), 3,
                          {"--config", "--db", "--kind", "--sheet", "--encoding"});
  std::string kind = flags.count("--kind") ? flags.at("--kind") : "";
  if (kind.empty()) throw Error(errc::required, "--kind is required (enterprises, designations, indicators, pool_members, contacts, liaison_assignments, targets or graph_nodes)", "--kind");
  io::TableFileOptions options;
  if (flags.count("--sheet")) options.sheet.name = flags.at("--sheet");
  if (flags.count("--encoding")) options.csv.encoding = io::parseTextEncoding(flags.at("--encoding"));
  Settings s = settingsFrom(flags);
  SystemClock clock;
  Runtime runtime(s, clock);
  if (dry_run) {
    service::ImportReport report = runtime.imports().importer(kind).dryRun(cliCaller(), path, options);
    std::cout << service::importReportToJson(report).dump(2) << std::endl;
    return report.refused == 0 ? 0 : 3;
  }
  // The same service code as POST /api/v1/imports and …/commit; the user's file is copied.
  service::UploadedFile file;
  file.path = path;
  file.take = false;
  file.file_name = std::filesystem::path(path).filename().string();
  file.kind = kind;
  if (flags.count("--sheet")) file.sheet = flags.at("--sheet");
  if (flags.count("--encoding")) file.encoding = flags.at("--encoding");
  service::Caller caller = cliCaller();
  auto uploaded = runtime.imports().upload(caller, file);
  nlohmann::json out = {{"batch", service::importBatchToJson(uploaded.batch)},
                        {"report", service::importReportToJson(uploaded.report)}};
  try {
    auto committed = runtime.imports().commit(caller, uploaded.batch.id, only_valid);
    out["batch"] = service::importBatchToJson(committed.batch);
    out["written"] = committed.written;
    out["report"] = service::importReportToJson(committed.report);
  } catch (const Error& e) {
    if (!e.is(errc::import_rows_refused)) throw;
    out["error"] = {{"code", e.code()}, {"message", e.what()}};
  }
  std::cout << out.dump(2) << std::endl;
  return out["report"]["counts"]["refused"] == 0 ? 0 : 3;
}

// The caller `trellis export --as LOGIN` exports as: that active user's role and region.
service::Caller exportCaller(Runtime& runtime, const std::map<std::string, std::string>& flags) {
  if (!flags.count("--as")) return cliCaller();
  domain::User u = runtime.users().get(flags.at("--as"));
  auto role = domain::parseUserRole(u.role);
  if (!u.active || !role) throw Error(errc::forbidden, "user " + u.login + " is not active", "--as");
  service::Caller c;
  c.user_id = u.id;
  c.user = u.login;
  c.role = *role;
  c.region_scope = u.region_scope;
  c.request_id = "cli-export";
  return c;
}

std::optional<Date> dateFlag(const std::map<std::string, std::string>& flags, const char* name) {
  if (!flags.count(name)) return std::nullopt;
  auto d = Date::parse(flags.at(name));
  if (!d) throw Error(errc::invalid_date, std::string(name) + " must be a date YYYY-MM-DD", name);
  return d;
}

int exportList(int argc, char** argv) {
  auto flags = parseFlags(argc, argv, 2,
                          {"--config", "--db", "--kind", "--out", "--format", "--as", "--region", "--pool", "--status",
                           "--from", "--to"});
  const std::string kind = flags.count("--kind") ? flags.at("--kind") : "";
  static const std::map<std::string, std::string> kActions = {
      {"enterprises", "enterprise.list"}, {"pool_members", "pool.read"},   {"milestones", "pool.read"},
      {"problems", "problem.read"},       {"contacts", "contact.read"},    {"graph_nodes", "graph.read"},
      {"audit", "audit.read"}};
  auto action = kActions.find(kind);
  if (action == kActions.end())
    throw Error(errc::unknown_kind,
                "--kind must be enterprises, pool_members, milestones, problems, contacts, graph_nodes or audit",
                "--kind");
  if (!flags.count("--out")) throw Error(errc::required, "--out names the file to write", "--out");
  const std::filesystem::path out = flags.at("--out");
  std::string format = flags.count("--format") ? flags.at("--format") : out.extension().string();
  if (!format.empty() && format[0] == '.') format.erase(0, 1);
  if (format != "csv" && format != "xlsx")
    throw Error(errc::unknown_format, "--format must be csv or xlsx (or FILE end in .csv / .xlsx)", "--format");
  const std::string region = flags.count("--region") ? flags.at("--region") : "";
  Settings s = settingsFrom(flags);
  SystemClock clock;
  Runtime runtime(s, clock);
  service::Caller caller = exportCaller(runtime, flags);
  if (flags.count("--as") && !auth::allows(caller.role, action->second))
    throw Error(errc::forbidden, "user " + caller.user + " may not read " + kind, "--as");
  service::ListExports& exports = runtime.exports();
  std::int64_t rows = 0;
  auto fill = [&](domain::TableSink& sink) {
    if (kind == "enterprises") {
      service::ListQuery q;
      q.region = region;
      rows = exports.enterprises(caller, q, sink);
    } else if (kind == "pool_members") {
      if (!flags.count("--pool")) throw Error(errc::required, "--pool names the reserve pool", "--pool");
      service::MemberQuery q;
      q.region = region;
      rows = exports.poolMembers(caller, flags.at("--pool"), q, sink);
    } else if (kind == "milestones") {
      if (!flags.count("--pool")) throw Error(errc::required, "--pool names the reserve pool", "--pool");
      service::DueQuery q;
      q.region = region;
      q.due_before = dateFlag(flags, "--to");
      rows = exports.milestones(caller, flags.at("--pool"), q, sink);
    } else if (kind == "problems") {
      service::ProblemQuery q;
      q.region = region;
      if (flags.count("--status")) q.status = flags.at("--status");
      rows = exports.problems(caller, q, sink);
    } else if (kind == "contacts") {
      service::ContactLogQuery q;
      q.region = region;
      q.from = dateFlag(flags, "--from");
      q.to = dateFlag(flags, "--to");
      rows = exports.contacts(caller, q, sink);
    } else if (kind == "graph_nodes") {
      service::GraphNodeQuery q;
      q.region = region;
      rows = exports.graphNodes(caller, q, sink);
    } else {
      store::AuditFilter f;
      if (auto from = dateFlag(flags, "--from")) f.from = from->toString();
      if (auto to = dateFlag(flags, "--to")) f.to = to->toString();
      rows = exports.audit(caller, f, sink);
    }
  };
  // Written beside the target and renamed into place: a failed export leaves no partial FILE.
  std::filesystem::path partial = out;
  partial += ".partial-" + std::to_string(::getpid());
  try {
    io::writeTableFile(partial.string(), format == "csv" ? io::FileFormat::csv : io::FileFormat::xlsx, fill);
    std::filesystem::rename(partial, out);
  } catch (...) {
    std::error_code ignored;  // the partial file may not exist; the original error is what matters
    std::filesystem::remove(partial, ignored);
    throw;
  }
  nlohmann::json report = {{"kind", kind}, {"rows", rows}, {"file", out.string()}};
  std::cout << report.dump() << std::endl;
  return 0;
}

int routes(int argc, char** argv) {
  auto flags = parseFlags(argc, argv, 2, {"--config", "--db"});
  Settings s = settingsFrom(flags);
  // The route table needs the services built, not data: a throw-away database serves.
  auto scratch = std::filesystem::temp_directory_path() / ("trellis-routes-" + std::to_string(::getpid()));
  if (!flags.count("--db")) s.db_path = (scratch / "routes.db").string();
  SystemClock clock;
  http::Router router;
  {
    Runtime runtime(s, clock);
    router = runtime.buildRouter();
  }
  std::filesystem::remove_all(scratch);
  std::cout << "[\n";
  const auto& all = router.routes();
  for (size_t i = 0; i < all.size(); ++i) {
    std::cout << "  {\"method\": \"" << all[i].method << "\", \"path\": \"" << all[i].pattern << "\", \"action\": \""
              << all[i].action << "\"}" << (i + 1 < all.size() ? "," : "") << "\n";
  }
  std::cout << "]\n";
  return 0;
}

}  // namespace

int runCommandLine(int argc, char** argv) {
  std::string command = argc > 1 ? argv[1] : "--help";
  try {
    if (command == "serve") return serve(argc, argv);
    if (command == "migrate") return migrate(argc, argv);
    if (command == "demo") return demo(argc, argv);
    if (command == "demo-liaison") {
      auto flags = parseFlags(argc, argv, 2, {"--config", "--db", "--officer"});
      return loadLiaisonDemo(settingsFrom(flags), flags.count("--officer") ? flags.at("--officer") : "liaison", std::cout);
    }
    if (command == "user") return user(argc, argv);
    if (command == "audit") return audit(argc, argv);
    if (command == "routes") return routes(argc, argv);
    if (command == "import") return importFile(argc, argv);
    if (command == "export") return exportList(argc, argv);
    if (command == "--help" || command == "-h" || command == "help") {
      std::cout << kUsage;
      return 0;
    }
    std::cerr << "trellis: unknown command '" << command << "'\n\n" << kUsage;
    return 2;
  } catch (const Error& e) {
    std::cerr << "trellis " << command << ": " << e.what() << std::endl;
    return 1;
  }
}

}  // namespace trellis::app
