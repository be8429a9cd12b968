// The HTTP front: Poco's HTTPServer with explicit thread pool, queue, timeouts and keep-alive
// limits (RELIABILITY.md §2.4 item 2), one request handler that runs the body guard, routing,
// access policy and the single error catch site, and static files for the web UI.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "trellis/http/router.h"

namespace Poco {
class ThreadPool;
}
namespace Poco::Net {
class HTTPServer;
}

namespace trellis::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                        // 0 = any free port (tests)
  int min_threads = 4;
  int max_threads = 64;                   // Poco holds one thread per kept-alive connection
  int max_queued = 64;                    // connections waiting for a thread; more are refused
  int receive_timeout_seconds = 10;       // per recv(), not a whole-request deadline
  int keep_alive_timeout_seconds = 5;
  int max_keep_alive_requests = 1000;
  std::size_t max_body_bytes = 1 << 20;   // 1 MiB
  int max_json_depth = 32;
  std::string web_root;                   // static UI files; empty = no UI
  bool access_log = false;                // one line per request on stderr
};

// Decides who is asking and whether they may perform the route's action on this request.
// Fills request.caller; throws Error unauthenticated/forbidden. Set by the composition root.
using AccessPolicy = std::function<void(Request& request, const Route& route)>;
// Adds headers to every response (e.g. refreshed session cookies). Optional.
using ResponseDecorator = std::function<void(const Request& request, Response& response)>;

class Server {
 public:
  Server(ServerOptions options, Router router, AccessPolicy policy, ResponseDecorator decorator = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  void start();
  // Stops accepting, lets in-flight requests finish (up to grace_ms), then returns.
  void stop(int grace_ms = 10000);
  int port() const;  // the bound port (useful with port 0)

 private:
  ServerOptions options_;
  std::shared_ptr<const Router> router_;
  std::unique_ptr<Poco::ThreadPool> pool_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  std::shared_ptr<std::atomic<Poco::Net::HTTPServer*>> server_ref_;
  int bound_port_ = 0;
};

}  // namespace trellis::http
