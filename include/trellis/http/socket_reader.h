// Buffered reads and whole writes on one connection's socket, every wait bounded by a deadline
// (RELIABILITY.md §2.4): the request head by the head deadline, the body by the body deadline and
// the per-recv receive timeout, a response by the send timeout. Bytes read past one request stay
// buffered for the next (pipelining).
#pragma once
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace trellis::http {

using Clock = std::chrono::steady_clock;

class SocketReader {
 public:
  enum class Status {
    ok,
    closed,     // EOF, reset or shut down by the watchdog
    timed_out,  // the deadline passed first
    too_large,  // more bytes than allowed before the delimiter
  };

  explicit SocketReader(int fd) : fd_(fd) {}

  // Waits for a whole request head (up to and including CRLF CRLF) into `head`. The first byte
  // must arrive by `first_byte_by`; the whole head by `head_by`, and within `head_timeout` of its
  // first byte. `on_first_byte` runs once, when the first byte of this head is buffered.
  Status readHead(std::string& head, std::size_t max_bytes, Clock::time_point first_byte_by, Clock::time_point head_by,
                  std::chrono::milliseconds head_timeout, const std::function<void()>& on_first_byte);
  // One line ended by CRLF (returned without it); a bare LF is left to the caller to refuse.
  Status readLine(std::string& line, std::size_t max_bytes, Clock::time_point deadline, std::chrono::milliseconds per_recv);
  // Exactly n bytes appended to `out`.
  Status readExact(std::string& out, std::size_t n, Clock::time_point deadline, std::chrono::milliseconds per_recv);
  bool hasBuffered() const { return pos_ < buffer_.size(); }

  // After a refusal: reads and discards what the peer still sends, until EOF, `until` or
  // `max_bytes`, so that closing does not reset the connection before the answer is read.
  void drain(Clock::time_point until, std::size_t max_bytes);

  // Sends every byte by `deadline`; false when the peer is gone or too slow.
  bool writeAll(std::string_view bytes, Clock::time_point deadline);

 private:
  // Reads more bytes into the buffer, waiting until `until`.
  Status fill(Clock::time_point until);
  void compact();

  int fd_;
  std::string buffer_;
  std::size_t pos_ = 0;  // first unconsumed byte
};

}  // namespace trellis::http
