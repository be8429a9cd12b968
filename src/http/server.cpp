#include "trellis/http/server.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/Net/TCPServerParams.h>
#include <Poco/ThreadPool.h>
#include <Poco/Timestamp.h>
#include <Poco/URI.h>
#include <sys/socket.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <random>
#include <thread>

#include "trellis/core/error.h"
#include "trellis/http/body_guard.h"
#include "trellis/http/connection_registry.h"
#include "trellis/http/error_response.h"
#include "trellis/http/request_head.h"
#include "trellis/http/socket_reader.h"
#include "trellis/http/static_files.h"

namespace trellis::http {

struct Server::Shared {
  ServerOptions options;
  Router router;
  AccessPolicy policy;
  ResponseDecorator decorator;
  std::unique_ptr<ConnectionRegistry> registry;
  std::atomic<Poco::Net::TCPServer*> tcp{nullptr};
  std::atomic<bool> stopping{false};

  int queued() const {
    Poco::Net::TCPServer* t = tcp.load();
    return t ? t->queuedConnections() : 0;
  }
};

namespace {

using Shared = Server::Shared;
using std::chrono::milliseconds;
using std::chrono::seconds;

std::string newRequestId() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t v = rng();
  std::string id(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) id[static_cast<size_t>(i)] = kHex[v & 0xF];
  return id;
}

bool acceptableRequestId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') return false;
  return true;
}

void logLine(const std::string& line) {
  static std::mutex m;
  std::lock_guard<std::mutex> lock(m);
  std::cerr << line << '\n';
}

// A comma-separated header value contains this token (case-insensitive), e.g. Connection: close.
bool hasToken(const std::string& value, std::string_view token) {
  std::size_t start = 0;
  while (start <= value.size()) {
    std::size_t end = value.find(',', start);
    if (end == std::string::npos) end = value.size();
    std::string_view part(value.data() + start, end - start);
    while (!part.empty() && (part.front() == ' ' || part.front() == '\t')) part.remove_prefix(1);
    while (!part.empty() && (part.back() == ' ' || part.back() == '\t')) part.remove_suffix(1);
    if (iequals(part, token)) return true;
    start = end + 1;
  }
  return false;
}

// The one renderer of every answer Trellis sends: status line, the security headers, the
// response's headers and body, as one buffer for one send(). (Poco's sendBuffer() sent header and
// body separately, and on loopback each send wakes the client: measured, the second wake-up cost
// about a fifth of the server's time under 32 connections, tools/bench.)
std::string render(const Response& out, const std::string& request_id, bool api, bool keep_alive, bool head_only) {
  bool no_body = out.status == 204 || out.status == 304;
  std::string wire;
  wire.reserve(512 + out.body.size());
  auto header = [&wire](const std::string& name, const std::string& value) {
    // Values are ours or come from handlers; CR and LF would split the header block.
    if (value.find_first_of("\r\n") != std::string::npos) return;
    wire.append(name).append(": ").append(value).append("\r\n");
  };
  const auto status = static_cast<Poco::Net::HTTPResponse::HTTPStatus>(out.status);
  wire.append("HTTP/1.1 ").append(std::to_string(out.status)).append(" ");
  wire.append(Poco::Net::HTTPResponse::getReasonForStatus(status)).append("\r\n");
  header("Date", Poco::DateTimeFormatter::format(Poco::Timestamp(), Poco::DateTimeFormat::HTTP_FORMAT));
  header("Connection", keep_alive ? "Keep-Alive" : "close");
  header("X-Request-Id", request_id);
  header("X-Content-Type-Options", "nosniff");
  header("Referrer-Policy", "no-referrer");
  header("X-Frame-Options", "DENY");
  if (api) {
    header("Cache-Control", "no-store");
    header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  }
  for (const auto& [name, value] : out.headers) header(name, value);
  if (!no_body) {
    if (!out.content_type.empty()) header("Content-Type", out.content_type);
    std::uintmax_t length = out.body.size();
    if (out.body_file) {
      std::error_code ec;
      length = std::filesystem::file_size(out.body_file->path, ec);
      if (ec) length = 0;
    }
    header("Content-Length", std::to_string(length));
  }
  wire.append("\r\n");
  if (!no_body && !head_only && !out.body_file) wire.append(out.body);
  return wire;
}

// The body of a file-backed response after its head, 64 KiB at a time (each send within the
// receive timeout); false when the client went away or the file could not be read.
bool sendBodyFile(const Response& out, SocketReader& in, std::chrono::seconds per_send) {
  std::ifstream file(out.body_file->path, std::ios::binary);
  if (!file) return false;
  std::string chunk(64 * 1024, '\0');
  while (file) {
    file.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    auto n = static_cast<std::size_t>(file.gcount());
    if (n == 0) break;
    if (!in.writeAll(std::string_view(chunk.data(), n), Clock::now() + per_send)) return false;
  }
  return true;
}

void parseTarget(const std::string& target, Request& r) {
  // Most API requests are a plain path: take it as it is and skip the URI parser.
  if (target.find_first_of("?%#") == std::string::npos && !target.empty() && target.front() == '/') {
    r.path = target;
    return;
  }
  Poco::URI uri;
  try {
    uri = Poco::URI(target);
  } catch (const Poco::SyntaxException&) {
    throw Error::badRequest("bad_uri", "the request target is not a valid URI");
  }
  r.path = uri.getPath();
  for (auto& [name, value] : uri.getQueryParameters()) {
    if (!r.query.emplace(name, value).second)
      throw Error::badRequest("repeated_parameter", "query parameter '" + name + "' is given twice", name);
  }
}

// One connection: requests one after another (keep-alive, pipelining) until either side closes.
class Connection final : public Poco::Net::TCPServerConnection {
 public:
  Connection(const Poco::Net::StreamSocket& socket, std::shared_ptr<Shared> shared)
      : Poco::Net::TCPServerConnection(socket), shared_(std::move(shared)) {}

  void run() override {
    ConnectionRegistry& registry = *shared_->registry;
    ConnectionRegistry::Clock::time_point accepted;
    id_ = registry.claim(socket(), accepted);
    if (id_ == 0) return;  // shut while it waited for a worker
    struct Release {
      ConnectionRegistry& registry;
      std::uint64_t id;
      ~Release() { registry.release(id); }
    } release{registry, id_};
    try {
      address_ = socket().peerAddress().host().toString();
    } catch (const Poco::Exception&) {
      return;  // the peer is already gone
    }
    const ServerOptions& o = shared_->options;
    SocketReader in(socket().impl()->sockfd());
    const milliseconds head_timeout = seconds(o.header_timeout_seconds);
    int served = 0;
    for (;;) {
      Clock::time_point first_byte_by, head_by;
      if (served == 0) {
        first_byte_by = head_by = accepted + head_timeout;
      } else {
        first_byte_by = Clock::now() + seconds(o.keep_alive_timeout_seconds);
        head_by = Clock::time_point::max();
      }
      std::string head;
      auto got = in.readHead(head, o.max_header_bytes, first_byte_by, head_by, head_timeout, [&] {
        if (served > 0) registry.enter(id_, ConnectionRegistry::State::head);
      });
      if (got == SocketReader::Status::too_large) {
        std::string id = newRequestId();
        if (in.writeAll(render(errorResponse(Error::badRequest("header_too_large", "the request head is larger than " +
                                                                                       std::to_string(o.max_header_bytes) + " bytes"),
                                             id),
                               id, true, false, false),
                        Clock::now() + seconds(o.receive_timeout_seconds))) {
          ::shutdown(socket().impl()->sockfd(), SHUT_WR);
          in.drain(Clock::now() + milliseconds(500), 1 << 20);
        }
        return;
      }
      // EOF, reset, shut by the watchdog, or the head deadline passed: close without an answer
      // (as nginx does on client_header_timeout).
      if (got != SocketReader::Status::ok) return;
      if (!registry.enter(id_, ConnectionRegistry::State::busy)) return;
      ++served;
      if (!serveOne(head, in, served)) return;
      if (!registry.enter(id_, ConnectionRegistry::State::idle)) return;
    }
  }

 private:
  // Answers one request; false when the connection is to be closed.
  bool serveOne(const std::string& head_bytes, SocketReader& in, int served) {
    const ServerOptions& o = shared_->options;
    auto started = Clock::now();
    Request r;
    r.max_json_depth = o.max_json_depth;
    r.request_id = newRequestId();
    r.client_address = address_;
    bool close = false, head_only = false;
    RequestHead head;
    Response out;
    try {
      try {
        head = parseRequestHead(head_bytes);
        r.method = head.method;
        head_only = head.method == "HEAD";
        std::string client_id = head.header("X-Request-Id");
        if (acceptableRequestId(client_id)) r.request_id = client_id;
        BodyLimits limits{o.max_body_bytes, Clock::now() + seconds(o.body_timeout_seconds), seconds(o.receive_timeout_seconds)};
        bool has_body = checkFraming(head, limits);
        if (has_body && head.minor_version == 1 && hasToken(head.header("Expect"), "100-continue"))
          in.writeAll("HTTP/1.1 100 Continue\r\n\r\n", Clock::now() + seconds(o.receive_timeout_seconds));
        readGuardedBody(head, in, limits, r.body);
        r.headers = std::move(head.headers);
      } catch (const Error&) {
        close = true;  // the rest of the request may still be on the socket
        throw;
      }
      parseTarget(head.target, r);
      out = dispatch(r);
    } catch (const Error& e) {
      if (e.kind() == ErrorKind::internal) logLine("request " + r.request_id + " failed: " + e.what());
      out = errorResponse(e, r.request_id);
    } catch (const Poco::Exception& e) {
      logLine("request " + r.request_id + " failed: " + e.displayText());
      out = errorResponse(Error::internal("internal error"), r.request_id);
    } catch (const std::exception& e) {
      logLine("request " + r.request_id + " failed: " + e.what());
      out = errorResponse(Error::internal("internal error"), r.request_id);
    }
    if (shared_->decorator) shared_->decorator(r, out);

    std::string connection = r.headers.empty() ? std::string() : r.header("Connection");
    bool wants = head.minor_version == 1 ? !hasToken(connection, "close") : hasToken(connection, "keep-alive");
    // Shed keep-alive while connections wait for a worker: one worker serves one connection, so a
    // waiting client is served only when some connection lets go.
    bool keep = !close && wants && served < o.max_keep_alive_requests && !shared_->stopping.load() && shared_->queued() == 0;
    bool api = r.path.rfind("/api/", 0) == 0 || r.path.empty();
    bool sent = in.writeAll(render(out, r.request_id, api, keep, head_only), Clock::now() + seconds(o.receive_timeout_seconds));
    if (sent && out.body_file && !head_only && out.status != 204 && out.status != 304)
      sent = sendBodyFile(out, in, seconds(o.receive_timeout_seconds));
    if (o.access_log) {
      auto ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
      logLine(r.request_id + " " + r.client_address + " " + r.method + " " + r.path + " " + std::to_string(out.status) + " " +
              std::to_string(ms) + "ms");
    }
    if (!keep) ::shutdown(socket().impl()->sockfd(), SHUT_WR);  // the answer first, then EOF
    // A refused request may have left bytes unread: discard them briefly (never parse them), so
    // that our close does not reset the connection before the client has read the answer.
    if (close && sent) in.drain(Clock::now() + milliseconds(500), 1 << 20);
    return sent && keep;
  }

  Response dispatch(Request& r) {
    const ServerOptions& o = shared_->options;
    if (r.path.rfind("/api/", 0) != 0) {
      if (o.web_root.empty() || (r.method != "GET" && r.method != "HEAD")) throw Error::notFound("path", "no such path");
      return serveStatic(o.web_root, r);
    }
    RouteMatch m = shared_->router.match(r.method, r.path);
    if (!m.route) {
      if (m.path_known) {
        std::string allow;
        for (const auto& a : m.allowed_methods) allow += (allow.empty() ? "" : ", ") + a;
        Response resp = errorResponse(Error(ErrorKind::method_not_allowed, "method_not_allowed",
                                            r.method + " is not allowed here; use " + allow),
                                      r.request_id);
        return resp.with("Allow", allow);
      }
      throw Error::notFound("path", "no such API path: " + r.path);
    }
    r.path_params = m.params;
    if (shared_->policy) shared_->policy(r, *m.route);
    return m.route->handler(r);
  }

  std::shared_ptr<Shared> shared_;
  std::uint64_t id_ = 0;
  std::string address_;
};

class Factory final : public Poco::Net::TCPServerConnectionFactory {
 public:
  explicit Factory(std::shared_ptr<Shared> shared) : shared_(std::move(shared)) {}
  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
    return new Connection(socket, shared_);  // Poco takes ownership
  }

 private:
  std::shared_ptr<Shared> shared_;
};

// At accept, in the acceptor thread: over the per-address or queue cap, a short answer (sent
// without blocking, best effort) and the socket is dropped without taking a worker.
class Admission final : public Poco::Net::TCPServerConnectionFilter {
 public:
  explicit Admission(std::shared_ptr<Shared> shared) : shared_(std::move(shared)) {}
  bool accept(const Poco::Net::StreamSocket& socket) override {
    ConnectionRegistry::Refusal refusal;
    try {
      refusal = shared_->registry->admit(socket);
    } catch (const Poco::Exception&) {
      return false;  // the peer left before we could read its address
    }
    if (refusal == ConnectionRegistry::Refusal::none) return true;
    std::string id = newRequestId();
    Response out = refusal == ConnectionRegistry::Refusal::address_cap
                       ? errorResponse(Error(ErrorKind::too_many_requests, "too_many_connections",
                                             "this address already has " +
                                                 std::to_string(shared_->options.max_connections_per_address) +
                                                 " connections open; close one and retry"),
                                       id)
                             .with("Retry-After", "1")
                       : errorResponse(Error(ErrorKind::unavailable, "server_busy", "every worker is busy; retry shortly"), id);
    std::string wire = render(out, id, true, false, false);
    int fd = socket.impl()->sockfd();
    if (::send(fd, wire.data(), wire.size(), MSG_DONTWAIT | MSG_NOSIGNAL) > 0) ::shutdown(fd, SHUT_WR);
    return false;
  }

 private:
  std::shared_ptr<Shared> shared_;
};

}  // namespace

Server::Server(ServerOptions options, Router router, AccessPolicy policy, ResponseDecorator decorator)
    : shared_(std::make_shared<Shared>()) {
  Shared& s = *shared_;
  s.options = std::move(options);
  s.router = std::move(router);
  s.policy = std::move(policy);
  s.decorator = std::move(decorator);
  const ServerOptions& o = s.options;
  ConnectionLimits limits;
  limits.max_per_address = o.max_connections_per_address;
  limits.exempt_addresses.insert(o.connection_cap_exempt.begin(), o.connection_cap_exempt.end());
  limits.max_queued = o.max_queued;
  limits.header_timeout = seconds(o.header_timeout_seconds);
  limits.busy_grace = milliseconds(o.busy_header_grace_ms);
  std::weak_ptr<Shared> weak = shared_;
  s.registry = std::make_unique<ConnectionRegistry>(limits, [weak] {
    auto shared = weak.lock();
    return shared ? shared->queued() : 0;
  });

  pool_ = std::make_unique<Poco::ThreadPool>(o.min_threads, o.max_threads + 1, 60);
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(o.host, static_cast<Poco::UInt16>(o.port)), 128);
  bound_port_ = socket.address().port();
  Poco::Net::TCPServerParams::Ptr params = new Poco::Net::TCPServerParams;
  params->setMaxThreads(o.max_threads);
  // The registry refuses beyond max_queued itself (with an answer); Poco's own refusal is silent.
  params->setMaxQueued(o.max_queued + 2 * ConnectionRegistry::kQueueSlack);
  // Poco's dispatcher sets its stop flag and wakes the waiting workers without holding the lock
  // a worker checks that flag under: a worker that finished a connection just before stop() and
  // reaches its queue wait just after it sleeps a whole idle time, and joinAll() waits for it.
  // With 60 s here a SIGTERM under connection churn took 60 s (see README, Reliability). A short
  // idle time bounds that to half a second; an idle dispatcher going back to the pool costs
  // nothing, the pool keeps its threads.
  params->setThreadIdleTime(Poco::Timespan(0, 500 * 1000));
  server_ = std::make_unique<Poco::Net::TCPServer>(new Factory(shared_), *pool_, socket, params);
  server_->setConnectionFilter(new Admission(shared_));
  s.tcp.store(server_.get());
}

Server::~Server() {
  shared_->stopping.store(true);
  shared_->registry->closeAll();
  if (server_) server_->stop();
  if (pool_) pool_->joinAll();
  shared_->tcp.store(nullptr);
  shared_->registry->stopWatchdog();
  server_.reset();
}

void Server::start() {
  shared_->registry->startWatchdog();
  server_->start();
}

int Server::port() const { return bound_port_; }

void Server::stop(int grace_ms) {
  // Stop accepting; connections finish the request they are in and are not kept alive, and
  // those idle between requests are closed now.
  shared_->stopping.store(true);
  server_->stop();
  shared_->registry->closeIdle();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(grace_ms);
  while (server_->currentConnections() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  // Said out loud: a request still running after the grace is cut by the destructor, and whoever
  // stopped the server should know which shutdown was not clean.
  if (int left = server_->currentConnections(); left > 0)
    std::cerr << "trellis: " << left << " connection(s) still open after the " << grace_ms
              << " ms shutdown grace; cutting them" << std::endl;
}

}  // namespace trellis::http
