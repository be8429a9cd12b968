#include "trellis/http/server.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>

#include <chrono>
#include <iostream>
#include <mutex>
#include <random>
#include <thread>

#include "trellis/core/error.h"
#include "trellis/http/body_guard.h"
#include "trellis/http/error_response.h"
#include "trellis/http/static_files.h"

namespace trellis::http {
namespace {

using ServerRef = std::shared_ptr<std::atomic<Poco::Net::HTTPServer*>>;

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

class TrellisHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  TrellisHandler(const ServerOptions& options, std::shared_ptr<const Router> router, const AccessPolicy& policy,
                 const ResponseDecorator& decorator, ServerRef server)
      : options_(options), router_(std::move(router)), policy_(policy), decorator_(decorator),
        server_(std::move(server)) {}

  void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) override {
    auto started = std::chrono::steady_clock::now();
    Request r;
    r.raw = &req;
    r.method = req.getMethod();
    r.max_json_depth = options_.max_json_depth;
    std::string client_id = req.get("X-Request-Id", "");
    r.request_id = acceptableRequestId(client_id) ? client_id : newRequestId();
    r.client_address = req.clientAddress().host().toString();
    bool close = false;
    Response out;
    try {
      try {
        readGuardedBody(req, options_.max_body_bytes, r.body);
      } catch (const Error&) {
        close = true;  // the rest of the body may still be on the socket
        throw;
      }
      parseTarget(req.getURI(), r);
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
    if (decorator_) decorator_(r, out);
    send(req, resp, r, out, close);
    if (options_.access_log) {
      auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
      logLine(r.request_id + " " + r.client_address + " " + r.method + " " + r.path + " " +
              std::to_string(out.status) + " " + std::to_string(ms) + "ms");
    }
  }

 private:
  static void parseTarget(const std::string& target, Request& r) {
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

  Response dispatch(Request& r) {
    if (r.path.rfind("/api/", 0) != 0) {
      if (options_.web_root.empty() || (r.method != "GET" && r.method != "HEAD"))
        throw Error::notFound("path", "no such path");
      return serveStatic(options_.web_root, r);
    }
    RouteMatch m = router_->match(r.method, r.path);
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
    if (policy_) policy_(r, *m.route);
    return m.route->handler(r);
  }

  // Writes status line, headers and body with one send(). Poco's sendBuffer() sends the header
  // and the body separately, and on loopback each send wakes the client: measured, the second
  // wake-up cost about a fifth of the server's time under 32 connections (tools/bench).
  void send(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp, const Request& r,
            const Response& out, bool close) {
    // Shed keep-alive while connections wait for a thread: Poco holds a thread per kept-alive
    // connection, so a waiting client is served only when some connection lets go.
    Poco::Net::HTTPServer* server = server_->load();
    if (close || (server && server->queuedConnections() > 0)) resp.setKeepAlive(false);
    const auto status = static_cast<Poco::Net::HTTPResponse::HTTPStatus>(out.status);
    bool no_body = out.status == 204 || out.status == 304;
    bool api = r.path.rfind("/api/", 0) == 0 || r.path.empty();

    std::string wire;
    wire.reserve(512 + out.body.size());
    auto header = [&wire](const std::string& name, const std::string& value) {
      // Values are ours or come from handlers; CR and LF would split the header block.
      if (value.find_first_of("\r\n") != std::string::npos) return;
      wire.append(name).append(": ").append(value).append("\r\n");
    };
    wire.append(req.getVersion()).append(" ").append(std::to_string(out.status)).append(" ");
    wire.append(Poco::Net::HTTPResponse::getReasonForStatus(status)).append("\r\n");
    header("Date", resp.get("Date", ""));
    header("Connection", resp.getKeepAlive() ? "Keep-Alive" : "close");
    header("X-Request-Id", r.request_id);
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
      header("Content-Length", std::to_string(out.body.size()));
    }
    wire.append("\r\n");
    if (!no_body && req.getMethod() != "HEAD") wire.append(out.body);

    auto& socket = static_cast<Poco::Net::HTTPServerRequestImpl&>(req).socket();
    std::size_t sent = 0;
    while (sent < wire.size()) {
      int n = socket.sendBytes(wire.data() + sent, static_cast<int>(wire.size() - sent));
      if (n <= 0) throw Poco::IOException("connection closed while sending the response");
      sent += static_cast<std::size_t>(n);
    }
  }

  const ServerOptions& options_;
  std::shared_ptr<const Router> router_;
  const AccessPolicy& policy_;
  const ResponseDecorator& decorator_;
  ServerRef server_;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Factory(const ServerOptions& options, std::shared_ptr<const Router> router, AccessPolicy policy,
          ResponseDecorator decorator, ServerRef server)
      : options_(options), router_(std::move(router)), policy_(std::move(policy)),
        decorator_(std::move(decorator)), server_(std::move(server)) {}

  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new TrellisHandler(options_, router_, policy_, decorator_, server_);  // Poco takes ownership
  }

 private:
  ServerOptions options_;
  std::shared_ptr<const Router> router_;
  AccessPolicy policy_;
  ResponseDecorator decorator_;
  ServerRef server_;
};

}  // namespace

Server::Server(ServerOptions options, Router router, AccessPolicy policy, ResponseDecorator decorator)
    : options_(std::move(options)),
      router_(std::make_shared<const Router>(std::move(router))),
      server_ref_(std::make_shared<std::atomic<Poco::Net::HTTPServer*>>(nullptr)) {
  pool_ = std::make_unique<Poco::ThreadPool>(options_.min_threads, options_.max_threads + 1, 60);
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(options_.host, static_cast<Poco::UInt16>(options_.port)), 128);
  bound_port_ = socket.address().port();
  auto* params = new Poco::Net::HTTPServerParams;  // Poco takes ownership (AutoPtr)
  params->setMaxThreads(options_.max_threads);
  params->setMaxQueued(options_.max_queued);
  params->setTimeout(Poco::Timespan(options_.receive_timeout_seconds, 0));
  params->setKeepAlive(true);
  params->setKeepAliveTimeout(Poco::Timespan(options_.keep_alive_timeout_seconds, 0));
  params->setMaxKeepAliveRequests(options_.max_keep_alive_requests);
  params->setSoftwareVersion("");  // no version banner (ASVS 14.3.3)
  auto* factory = new Factory(options_, router_, policy, decorator, server_ref_);
  server_ = std::make_unique<Poco::Net::HTTPServer>(factory, *pool_, socket, params);
  server_ref_->store(server_.get());
}

Server::~Server() {
  server_ref_->store(nullptr);
  if (server_) server_->stopAll(true);
  server_.reset();
  if (pool_) pool_->joinAll();
}

void Server::start() { server_->start(); }

int Server::port() const { return bound_port_; }

void Server::stop(int grace_ms) {
  // Stop accepting; connections finish the request they are in and are not kept alive.
  server_->stopAll(false);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(grace_ms);
  while (server_->currentConnections() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

}  // namespace trellis::http
