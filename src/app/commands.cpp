#include "trellis/app/commands.h"

#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/OptionSet.h>
#include <Poco/Util/ServerApplication.h>

#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "trellis/app/demo_data.h"
#include "trellis/app/runtime.h"
#include "trellis/core/error.h"
#include "trellis/store/enterprise_repository.h"

namespace trellis::app {
namespace {

constexpr const char* kUsage = R"(trellis — the Xuchang enterprise-cultivation service

Usage:
  trellis serve   [--config FILE] [--port N] [--host ADDR] [--db FILE]
      Start the HTTP service (JSON API under /api/v1 and the web UI). SIGTERM/SIGINT let
      in-flight requests finish and close the database cleanly.
  trellis migrate [--config FILE] [--db FILE]
      Create the database or bring its schema up to date, then print the schema version.
  trellis demo    [--config FILE] [--db FILE] [--count N] [--seed S]
      Load the deterministic Xuchang demo data (default 3000 enterprises, seed 20221) into an
      empty database. Same seed and count, same data.
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
      throw Error::invalid(arg, "missing_value", arg + " needs a value");
    }
    bool ok = false;
    for (const auto& k : known) ok = ok || k == arg;
    if (!ok) throw Error::invalid(arg, "unknown_flag", "unknown option " + arg + " (see trellis --help)");
    flags[arg] = value;
  }
  return flags;
}

int toInt(const std::string& flag, const std::string& v) {
  if (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos)
    throw Error::invalid(flag, "not_a_number", flag + " must be a whole number");
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
  auto flags = parseFlags(argc, argv, 2, {"--config", "--db", "--count", "--seed"});
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
  auto drafts = demoEnterprises(runtime.catalog(), seed, count);
  service::Caller system;
  auto n = runtime.enterprises().createMany(system, drafts);
  std::cout << "loaded " << n << " demo enterprises (seed " << seed << ") into " << s.db_path << std::endl;
  return 0;
}

}  // namespace

int runCommandLine(int argc, char** argv) {
  std::string command = argc > 1 ? argv[1] : "--help";
  try {
    if (command == "serve") return serve(argc, argv);
    if (command == "migrate") return migrate(argc, argv);
    if (command == "demo") return demo(argc, argv);
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
