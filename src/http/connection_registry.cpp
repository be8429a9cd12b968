#include "trellis/http/connection_registry.h"

#include <signal.h>
#include <sys/socket.h>

namespace trellis::http {

ConnectionRegistry::ConnectionRegistry(ConnectionLimits limits, std::function<int()> queued_now)
    : limits_(std::move(limits)), queued_now_(std::move(queued_now)) {}

ConnectionRegistry::~ConnectionRegistry() { stopWatchdog(); }

void ConnectionRegistry::startWatchdog() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (watchdog_.joinable()) return;
  stopping_ = false;
  watchdog_ = std::thread([this] { watch(); });
}

void ConnectionRegistry::stopWatchdog() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (watchdog_.joinable()) watchdog_.join();
}

ConnectionRegistry::Refusal ConnectionRegistry::admit(const Poco::Net::StreamSocket& socket) {
  std::string address = socket.peerAddress().host().toString();
  std::lock_guard<std::mutex> lock(mutex_);
  int& open = per_address_[address];
  if (limits_.max_per_address > 0 && open >= limits_.max_per_address && !limits_.exempt_addresses.count(address)) {
    if (open == 0) per_address_.erase(address);
    return Refusal::address_cap;
  }
  // Our own count of connections not yet taken by a worker is never below the TCP server's
  // queue, so the server never refuses one silently.
  // At most kQueueSlack over max_queued while evicted workers catch up (the TCP server's own,
  // silent, limit is set above that).
  if (unclaimed_ >= limits_.max_queued && (unclaimed_ >= limits_.max_queued + kQueueSlack || !evictSlowestHead())) {
    if (open == 0) per_address_.erase(address);
    return Refusal::queue_full;
  }
  ++open;
  ++unclaimed_;
  auto now = Clock::now();
  std::uint64_t id = next_id_++;
  entries_.emplace(id, Entry{socket, address, State::queued, now, now, now, false});
  by_socket_[socket.impl()] = id;
  return Refusal::none;
}

std::uint64_t ConnectionRegistry::claim(const Poco::Net::StreamSocket& socket, Clock::time_point& accepted_at) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = by_socket_.find(socket.impl());
  if (it == by_socket_.end()) return 0;
  std::uint64_t id = it->second;
  by_socket_.erase(it);
  --unclaimed_;
  Entry& e = entries_.at(id);
  accepted_at = e.accepted;
  if (closing_idle_) shut(e);
  if (e.shut) {
    if (--per_address_[e.address] <= 0) per_address_.erase(e.address);
    entries_.erase(id);
    return 0;
  }
  e.state = State::head;
  e.since = e.accepted;  // the first head's deadline counts from the accept
  e.claimed = Clock::now();
  return id;
}

bool ConnectionRegistry::enter(std::uint64_t id, State state) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(id);
  if (it == entries_.end() || it->second.shut) return false;
  Entry& e = it->second;
  if (closing_idle_ && state == State::idle) {
    shut(e);
    return false;
  }
  e.state = state;
  e.since = Clock::now();
  return true;
}

void ConnectionRegistry::release(std::uint64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  const std::string& address = it->second.address;
  if (--per_address_[address] <= 0) per_address_.erase(address);
  entries_.erase(it);  // the last copy of the socket but the worker's: closed when the worker is done
}

bool ConnectionRegistry::evictSlowestHead() {
  // The queue is full: the connection that has been sending its first head the longest, in a
  // worker for at least kClaimGrace, makes room (its worker frees up, the queue moves).
  auto now = Clock::now();
  Entry* oldest = nullptr;
  for (auto& [id, e] : entries_)
    if (!e.shut && e.state == State::head && now - e.claimed >= kClaimGrace && (!oldest || e.since < oldest->since)) oldest = &e;
  if (!oldest) return false;
  shut(*oldest);
  return true;
}

void ConnectionRegistry::shut(Entry& e) {
  if (e.shut) return;
  e.shut = true;
  // shutdown(), not close(): the worker still owns the descriptor, its recv() returns 0.
  ::shutdown(e.socket.impl()->sockfd(), SHUT_RDWR);
}

void ConnectionRegistry::closeIdle() {
  std::lock_guard<std::mutex> lock(mutex_);
  closing_idle_ = true;
  for (auto& [id, e] : entries_)
    if (e.state != State::busy) shut(e);
}

void ConnectionRegistry::closeAll() {
  std::lock_guard<std::mutex> lock(mutex_);
  closing_idle_ = true;
  for (auto& [id, e] : entries_) shut(e);
}

int ConnectionRegistry::openFrom(const std::string& address) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = per_address_.find(address);
  return it == per_address_.end() ? 0 : it->second;
}

void ConnectionRegistry::watch() {
  // As Poco's own threads do: termination signals go to the main thread (which waits for them),
  // never to this one, whose default action would end the process mid-shutdown.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGQUIT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::milliseconds(100));
    if (stopping_) break;
    lock.unlock();
    bool pressure = queued_now_ && queued_now_() > 0;
    lock.lock();
    auto now = Clock::now();
    for (auto& [id, e] : entries_) {
      if (e.shut || e.state == State::busy) continue;
      auto waited = now - e.since;
      bool late = e.state != State::idle && waited >= limits_.header_timeout;  // the head deadline
      // Under pressure: idle kept-alive connections, and heads slower than busy_grace, make room.
      // A queued connection may hold a complete request: only its deadline applies.
      bool in_the_way = pressure && (e.state == State::idle || (e.state == State::head && waited >= limits_.busy_grace &&
                                                                      now - e.claimed >= kClaimGrace));
      if (late || in_the_way) shut(e);
    }
    // Queued sockets shut above are dropped by their worker at claim(); those the TCP server
    // dropped when it stopped are closed with the registry.
  }
}

}  // namespace trellis::http
