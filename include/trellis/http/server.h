// The HTTP front: Poco's TCPServer (acceptor, queue, explicit thread pool) with Trellis's own
// HTTP/1.1 connection loop (RELIABILITY.md §2.4 item 2; issue 8 §2): the request head is read
// and parsed strictly by request_head.h within a whole-head deadline, the body by the body guard,
// then routing, access policy and the single error catch site, and static files for the web UI.
// Every answer, refusals included, is written by one renderer with the security headers; Poco's
// HTTP parser and its own error answers are not used. Slow clients are held off by the
// connection registry (per-address cap, queue cap, head-deadline watchdog).
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "trellis/http/router.h"

namespace Poco {
class ThreadPool;
}
namespace Poco::Net {
class TCPServer;
}

namespace trellis::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                        // 0 = any free port (tests)
  int min_threads = 4;
  int max_threads = 64;                   // Poco holds one thread per kept-alive connection
  int max_queued = 64;                    // connections waiting for a thread; more are refused
  int receive_timeout_seconds = 10;       // per recv() of the body, and per send() of a response
  int header_timeout_seconds = 10;        // the whole request head, from accept / its first byte
  int body_timeout_seconds = 60;          // the whole body, from the end of the head
  int busy_header_grace_ms = 1000;        // while connections wait for a worker: heads slower than this are cut
  int max_connections_per_address = 32;   // 0 = no cap
  std::vector<std::string> connection_cap_exempt;  // addresses without the cap (a proxy in front)
  std::size_t max_header_bytes = 16384;   // request line and header fields together
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

  struct Shared;  // what every connection sees: options, router, policy, registry, the TCP server

 private:
  std::shared_ptr<Shared> shared_;
  std::unique_ptr<Poco::ThreadPool> pool_;
  std::unique_ptr<Poco::Net::TCPServer> server_;
  int bound_port_ = 0;
};

}  // namespace trellis::http
