// Process and file helpers shared by the HTTP test harnesses (test_server, auth_harness): start
// the real `trellis` binary as a child, wait for it, read its output files, make temp dirs.
#pragma once
#include <sys/types.h>

#include <string>
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

}  // namespace trellis::testutil
