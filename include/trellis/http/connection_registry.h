// Every open connection of the server, from accept to close, with its peer address and what it
// is doing, so that slow clients cannot take every worker (issue 8 §2):
//   - per-address cap: an address with max_per_address connections open gets no more (429,
//     answered at accept without taking a worker); exempt addresses (a proxy in front) have none;
//   - queue cap: with max_queued connections already waiting for a worker, the connection that
//     has been sending its first head the longest is cut to make room, or, when none is, the
//     new one gets 503;
//   - the watchdog thread: a connection whose request head is not complete within
//     header_timeout of its accept (or of the first byte of a kept-alive request) is shut down,
//     and while connections wait for a worker, every connection idle between requests, or still
//     sending its head after busy_grace, is shut down so the waiting ones get a worker.
// The worker serving a connection also enforces its deadlines itself; the watchdog covers the
// connections still queued and makes room under pressure. A connection is shut down only while
// its worker is not inside a request (claimed → busy is one step under the same lock).
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include <Poco/Net/StreamSocket.h>

namespace trellis::http {

struct ConnectionLimits {
  int max_per_address = 32;                   // 0 = no per-address cap
  std::set<std::string> exempt_addresses;     // e.g. the reverse proxy's address
  int max_queued = 64;
  std::chrono::milliseconds header_timeout{10000};
  std::chrono::milliseconds busy_grace{1000};
};

class ConnectionRegistry {
 public:
  using Clock = std::chrono::steady_clock;
  enum class Refusal { none, address_cap, queue_full };
  enum class State {
    queued,   // accepted, waiting for a worker
    head,     // a worker is reading the request head (since `since`)
    idle,     // kept alive between requests, no byte of the next one yet
    busy,     // inside a request: body, handler, response
  };

  // `queued_now` tells how many accepted connections wait for a worker (the TCP server's queue).
  ConnectionRegistry(ConnectionLimits limits, std::function<int()> queued_now);
  ~ConnectionRegistry();
  ConnectionRegistry(const ConnectionRegistry&) = delete;
  ConnectionRegistry& operator=(const ConnectionRegistry&) = delete;

  void startWatchdog();
  void stopWatchdog();

  // At accept (the acceptor thread): registers the socket, or says why not.
  Refusal admit(const Poco::Net::StreamSocket& socket);
  // A worker takes the connection; returns its id, or 0 when the watchdog already shut it.
  std::uint64_t claim(const Poco::Net::StreamSocket& socket, Clock::time_point& accepted_at);
  // State changes by the worker. enter(busy) returns false when the watchdog shut the socket
  // first (then the worker drops the connection).
  bool enter(std::uint64_t id, State state);
  void release(std::uint64_t id);  // the worker is done; the socket closes after this
  // Server stop: shut down every connection not inside a request (queued, idle, or still sending
  // its head: a request not yet read is not in flight), now and from now on.
  void closeIdle();
  void closeAll();

  int openFrom(const std::string& address) const;

 private:
  struct Entry {
    Poco::Net::StreamSocket socket;  // holds the descriptor open while registered
    std::string address;
    State state = State::queued;
    Clock::time_point since;
    Clock::time_point accepted;
    Clock::time_point claimed;  // when a worker took it
    bool shut = false;
  };
  // A worker that just took a connection reads a head already sent within this time: it is not
  // cut for being slow before then (its wait in the queue was not its fault).
  static constexpr std::chrono::milliseconds kClaimGrace{200};

 public:
  static constexpr int kQueueSlack = 8;

 private:
  void shut(Entry& e);
  bool evictSlowestHead();
  void watch();

  ConnectionLimits limits_;
  std::function<int()> queued_now_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::map<std::uint64_t, Entry> entries_;
  std::map<const void*, std::uint64_t> by_socket_;  // SocketImpl* → id, until claimed
  std::map<std::string, int> per_address_;
  std::uint64_t next_id_ = 1;
  int unclaimed_ = 0;
  bool stopping_ = false;
  bool closing_idle_ = false;
  std::thread watchdog_;
};

}  // namespace trellis::http
