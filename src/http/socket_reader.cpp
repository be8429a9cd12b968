#include "trellis/http/socket_reader.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

namespace trellis::http {
namespace {

int msUntil(Clock::time_point until) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(ms, 0, 60 * 60 * 1000));
}

Clock::time_point earliest(Clock::time_point deadline, std::chrono::milliseconds per_recv) {
  return std::min(deadline, Clock::now() + per_recv);
}

}  // namespace

void SocketReader::compact() {
  if (pos_ > 0 && (pos_ == buffer_.size() || pos_ > 65536)) {
    buffer_.erase(0, pos_);
    pos_ = 0;
  }
}

SocketReader::Status SocketReader::fill(Clock::time_point until) {
  compact();
  for (;;) {
    pollfd p{fd_, POLLIN, 0};
    int ready = ::poll(&p, 1, msUntil(until));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return Status::closed;
    if (ready == 0) return Status::timed_out;
    char buf[16384];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) return Status::closed;
    buffer_.append(buf, static_cast<std::size_t>(n));
    return Status::ok;
  }
}

SocketReader::Status SocketReader::readHead(std::string& head, std::size_t max_bytes, Clock::time_point first_byte_by,
                                            Clock::time_point head_by, std::chrono::milliseconds head_timeout,
                                            const std::function<void()>& on_first_byte) {
  bool started = false;
  std::size_t scanned = pos_;  // where the search for CRLF CRLF resumes
  for (;;) {
    if (!started && hasBuffered()) {
      started = true;
      head_by = std::min(head_by, Clock::now() + head_timeout);
      if (on_first_byte) on_first_byte();
    }
    if (started) {
      auto from = scanned >= pos_ + 3 ? scanned - 3 : pos_;
      auto end = buffer_.find("\r\n\r\n", from);
      if (end != std::string::npos && end + 4 - pos_ <= max_bytes) {
        head.assign(buffer_, pos_, end + 4 - pos_);
        pos_ = end + 4;
        return Status::ok;
      }
      if (buffer_.size() - pos_ >= max_bytes) return Status::too_large;
      scanned = buffer_.size();
    }
    std::size_t before = pos_;
    Status s = fill(started ? head_by : first_byte_by);
    scanned -= before - pos_;  // fill() may have moved the unconsumed bytes to the front
    if (s != Status::ok) return s;
  }
}

SocketReader::Status SocketReader::readLine(std::string& line, std::size_t max_bytes, Clock::time_point deadline,
                                            std::chrono::milliseconds per_recv) {
  for (;;) {
    auto end = buffer_.find("\r\n", pos_);
    if (end != std::string::npos && end - pos_ <= max_bytes) {
      line.assign(buffer_, pos_, end - pos_);
      pos_ = end + 2;
      return Status::ok;
    }
    if (buffer_.size() - pos_ > max_bytes + 1) return Status::too_large;
    Status s = fill(earliest(deadline, per_recv));
    if (s != Status::ok) return s;
  }
}

SocketReader::Status SocketReader::readExact(std::string& out, std::size_t n, Clock::time_point deadline,
                                             std::chrono::milliseconds per_recv) {
  while (n > 0) {
    if (!hasBuffered()) {
      Status s = fill(earliest(deadline, per_recv));
      if (s != Status::ok) return s;
    }
    std::size_t take = std::min(n, buffer_.size() - pos_);
    out.append(buffer_, pos_, take);
    pos_ += take;
    n -= take;
  }
  return Status::ok;
}

void SocketReader::drain(Clock::time_point until, std::size_t max_bytes) {
  buffer_.clear();
  pos_ = 0;
  std::size_t discarded = 0;
  while (discarded < max_bytes && fill(until) == Status::ok) {
    discarded += buffer_.size();
    buffer_.clear();
  }
}

bool SocketReader::writeAll(std::string_view bytes, Clock::time_point deadline) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd p{fd_, POLLOUT, 0};
      int ready = ::poll(&p, 1, msUntil(deadline));
      if (ready < 0 && errno == EINTR) continue;
      if (ready <= 0) return false;
      continue;
    }
    return false;
  }
  return true;
}

}  // namespace trellis::http
