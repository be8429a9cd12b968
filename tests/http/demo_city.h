// The demo city on the real server, for the consistency suites of issue 8 (read-your-writes
// after every GET route, the stateful random test, tools/soak): `trellis demo` data, the demo
// users of `trellis user demo-users` signed in (admin, bureau, weidu and changge county
// officers, liaison, auditor, viewer), and the harness's fail-on-dirty-connection setting, so a
// connection handed back with a busy statement answers 500.
//
//   trellis::consistencytest::DemoCity city(40);
//   auto r = city.as("bureau", "GET", "/api/v1/enterprises?total=true");
//   auto rows = city.query("SELECT uscc FROM enterprise LIMIT 1");   // straight from the file
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "auth_harness.h"

namespace trellis::consistencytest {

using authtest::Headers;
using authtest::Reply;

class DemoCity {
 public:
  // enterprises: `trellis demo --count` before serving (0: an empty register); properties are
  // added to the server's config.
  explicit DemoCity(std::size_t enterprises, const authtest::Properties& properties = {});

  authtest::AuthServer& server() { return server_; }
  // A request as a signed-in demo user ("" = anonymous).
  Reply as(const std::string& login, const std::string& method, const std::string& path,
           const std::string& body = "", Headers headers = {});
  const std::string& token(const std::string& login) const { return tokens_.at(login); }
  const std::string& password(const std::string& login) const { return passwords_.at(login); }
  // Signs in again and uses the new token from now on.
  std::string signInAgain(const std::string& login);

  // Rows of a read-only query on the server's database file (a separate connection).
  std::vector<std::vector<std::string>> query(const std::string& sql);
  // GET /api/v1/health "dirty_connections": connections handed back not clean since start.
  std::int64_t dirtyConnections();
  // The -wal file's size in bytes (0 when absent).
  std::int64_t walBytes() const;

 private:
  authtest::AuthServer server_;
  std::map<std::string, std::string> passwords_;
  std::map<std::string, std::string> tokens_;
};

}  // namespace trellis::consistencytest
