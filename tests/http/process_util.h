// Helpers shared by the HTTP test harnesses (test_server, auth_harness): start the real
// `trellis` binary as a child, wait for it, read its output files, make temp dirs, and make one
// HTTP exchange with it.
#pragma once
#include <sys/types.h>

#include <string>
#include <utility>
#include <string_view>
#include <vector>

namespace trellis::testutil {

bool iequals(std::string_view a, std::string_view b);
std::string readFile(const std::string& path);
// A fresh directory under the system temp dir, named prefix-XXXXXX. Throws on failure.
std::string makeTempDir(const std::string& prefix);

// Starts args[0] with stdin from `in` and stdout/stderr into the files `out`/`err` (appended,
// or truncated first when truncate_out). Throws std::runtime_error when it cannot start.
pid_t spawnProcess(const std::vector<std::string>& args, const std::string& in, const std::string& out,
                   const std::string& err, bool truncate_out = false);
// Waits for pid; its exit status, or -1 when a signal ended it.
int waitExit(pid_t pid);

struct Exchange {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // in the order received
  std::string body;
};

// One request on a new connection to 127.0.0.1:port. A body (and Content-Type, when given) is
// sent with POST, PUT and PATCH, or whenever body is not empty.
Exchange exchange(int port, const std::string& method, const std::string& path, const std::string& body,
                  const std::vector<std::pair<std::string, std::string>>& headers, const std::string& content_type,
                  int timeout_seconds);

}  // namespace trellis::testutil
