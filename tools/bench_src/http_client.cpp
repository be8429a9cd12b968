// HTTP/1.1 keep-alive client for tools/bench (loopback only), for the figures wrk cannot drive:
//
//   http_client patch  PORT USCC_FILE CONNECTIONS SECONDS MAX_REQUESTS
//       Durable single-row PATCHes: each connection (one thread) owns its own USCCs, reads a
//       row's version (GET → ETag) once, then PATCHes its address with If-Match: "<version>"
//       and takes the next version from the response's ETag. Prints
//       "requests=N errors=E seconds=S rate=R p50_ms=… p99_ms=…".
//   http_client search PORT REQUESTS FRAGMENT...
//       For each fragment, REQUESTS sequential GET /api/v1/enterprises?q=FRAGMENT&limit=50 on one
//       connection (after 5 warm-up requests). Prints one line per fragment:
//       "q=… requests=N errors=E items=I p50_ms=… p95_ms=… max_ms=…".
//   http_client paths PORT TARGET_FILE REQUESTS
//       REQUESTS sequential GETs on one connection over the targets of TARGET_FILE (one path with
//       its query per line), in turn, after 5 warm-up requests. Prints "requests=N errors=E
//       mean_bytes=B p50_ms=… p99_ms=… max_ms=…".
//   http_client slowloris PORT CONNECTIONS ADDRESSES SECONDS DRIP_MS
//       CONNECTIONS slow clients spread over ADDRESSES loopback source addresses (127.0.0.2 when
//       1, else 127.0.1.1 …), each sending one byte of a request head every DRIP_MS and, as an
//       attacker would, reconnecting at its next byte when the server closed it; meanwhile, from
//       127.0.0.1, a new connection every 100 ms sends GET /api/v1/health. Prints
//       "slow=N addresses=A requests=R errors=E p50_ms=… p99_ms=… max_ms=… over_2s=… refused=…
//       cut=… open_at_end=…" (refused: answered 429/503 at accept; cut: closed without an answer).
//
// Every request carries "Authorization: Bearer $TRELLIS_TOKEN" when that variable is set.
// Only 127.0.0.1 is ever contacted; every loop is bounded by a count and a time limit.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Reply {
  int status = 0;
  std::string etag;
  std::string body;
};

class Conn {
 public:
  explicit Conn(int port) : port_(port) {}
  ~Conn() { closeSocket(); }

  // Sends one request and reads the whole response; reconnects once if the server had closed
  // the kept-alive connection. Returns false on a transport failure.
  bool roundTrip(const std::string& request, Reply& out) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (fd_ < 0 && !connectSocket()) return false;
      if (sendAll(request) && readReply(out)) return true;
      closeSocket();
    }
    return false;
  }

 private:
  bool connectSocket() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) return false;
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    timeval tv{30, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port_));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      closeSocket();
      return false;
    }
    buf_.clear();
    return true;
  }
  void closeSocket() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    buf_.clear();
  }
  bool sendAll(const std::string& s) {
    size_t off = 0;
    while (off < s.size()) {
      ssize_t n = ::send(fd_, s.data() + off, s.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return false;
      off += static_cast<size_t>(n);
    }
    return true;
  }
  bool fill() {
    char tmp[16384];
    ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    buf_.append(tmp, static_cast<size_t>(n));
    return true;
  }
  static std::string header(const std::string& head, const char* name) {
    std::string lower = head;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string key = std::string("\r\n") + name + ":";
    auto p = lower.find(key);
    if (p == std::string::npos) return "";
    p += key.size();
    auto e = head.find("\r\n", p);
    std::string v = head.substr(p, e - p);
    v.erase(0, v.find_first_not_of(" \t"));
    return v;
  }
  bool readReply(Reply& out) {
    size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos) {
      if (buf_.size() > (1u << 20) || !fill()) return false;
    }
    std::string head = buf_.substr(0, end);
    if (head.size() < 12) return false;
    out.status = std::atoi(head.c_str() + 9);
    out.etag = header(head, "etag");
    size_t len = static_cast<size_t>(std::atoll(header(head, "content-length").c_str()));
    bool close = header(head, "connection") == "close" || header(head, "connection") == "Close";
    while (buf_.size() < end + 4 + len) {
      if (!fill()) return false;
    }
    out.body = buf_.substr(end + 4, len);
    buf_.erase(0, end + 4 + len);
    if (close) closeSocket();
    return true;
  }

  int port_;
  int fd_ = -1;
  std::string buf_;
};

double pct(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

std::string urlEncode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// "Authorization: Bearer …\r\n" from $TRELLIS_TOKEN, or nothing.
std::string authHeader() {
  const char* t = std::getenv("TRELLIS_TOKEN");
  return t && *t ? std::string("Authorization: Bearer ") + t + "\r\n" : std::string();
}

long long versionOf(const std::string& etag) {
  std::string v;
  for (char c : etag)
    if (c >= '0' && c <= '9') v += c;
  return v.empty() ? -1 : std::atoll(v.c_str());
}

int patch(int port, const char* uscc_file, int conns, double seconds, long long max_requests) {
  std::vector<std::string> codes;
  {
    std::ifstream in(uscc_file);
    for (std::string line; std::getline(in, line) && codes.size() < 100000;)
      if (!line.empty()) codes.push_back(line);
  }
  if (codes.size() < static_cast<size_t>(conns)) {
    std::fprintf(stderr, "http_client: too few USCCs\n");
    return 2;
  }
  std::atomic<long long> issued{0}, errors{0};
  std::mutex m;
  std::vector<double> all;
  const std::string auth = authHeader();
  auto t0 = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < conns; ++t) {
    threads.emplace_back([&, t] {
      Conn c(port);
      std::vector<double> lat;
      std::vector<std::pair<std::string, long long>> mine;  // code, version (-1 = unknown)
      for (size_t i = static_cast<size_t>(t); i < codes.size() && mine.size() < 500; i += static_cast<size_t>(conns))
        mine.push_back({codes[i], -1});
      Reply r;
      for (long long k = 0;; ++k) {
        auto s = Clock::now();
        if (std::chrono::duration<double>(s - t0).count() >= seconds) break;
        if (issued.fetch_add(1) >= max_requests) break;
        auto& [code, version] = mine[static_cast<size_t>(k) % mine.size()];
        std::string path = "/api/v1/enterprises/" + code;
        if (version < 0) {  // learn the version once, outside the timed figure
          if (!c.roundTrip("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth + "\r\n", r) || r.status != 200) {
            errors++;
            continue;
          }
          version = versionOf(r.etag);
          issued.fetch_sub(1);
          s = Clock::now();
        }
        std::string body = "{\"address\":\"河南省许昌市魏都区许由路" + std::to_string(k % 1000) + "号\"}";
        std::string req = "PATCH " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
                          auth + "If-Match: \"" + std::to_string(version) + "\"\r\nContent-Length: " +
                          std::to_string(body.size()) + "\r\n\r\n" + body;
        if (!c.roundTrip(req, r) || r.status != 200) {
          errors++;
          version = -1;
          continue;
        }
        version = versionOf(r.etag);
        lat.push_back(std::chrono::duration<double, std::milli>(Clock::now() - s).count());
      }
      std::lock_guard<std::mutex> lock(m);
      all.insert(all.end(), lat.begin(), lat.end());
    });
  }
  for (auto& th : threads) th.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
  double n = static_cast<double>(all.size());
  std::printf("requests=%.0f errors=%lld seconds=%.3f rate=%.1f p50_ms=%.3f p99_ms=%.3f\n", n, errors.load(), elapsed,
              n / elapsed, pct(all, 0.5), pct(all, 0.99));
  return 0;
}

struct Timing {
  std::vector<double> lat;  // ms, answered 200
  long long errors = 0;
  size_t bytes = 0;         // body bytes of the answers, summed
  std::string last_body;
};

std::string getRequest(const std::string& target) {
  return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + authHeader() + "\r\n";
}

// requests GETs in turn over targets (cycling) on one connection after 5 warm-up requests,
// bounded by 120 s.
Timing timedGets(Conn& c, const std::vector<std::string>& targets, int requests) {
  Timing t;
  Reply r;
  for (int i = 0; i < 5; ++i) c.roundTrip(getRequest(targets[static_cast<size_t>(i) % targets.size()]), r);
  auto t0 = Clock::now();
  for (int i = 0; i < requests && std::chrono::duration<double>(Clock::now() - t0).count() < 120; ++i) {
    std::string req = getRequest(targets[static_cast<size_t>(i) % targets.size()]);
    auto s = Clock::now();
    if (!c.roundTrip(req, r) || r.status != 200) {
      t.errors++;
      continue;
    }
    t.lat.push_back(std::chrono::duration<double, std::milli>(Clock::now() - s).count());
    t.bytes += r.body.size();
    t.last_body = std::move(r.body);
  }
  return t;
}

int search(int port, int requests, int argc, char** argv) {
  Conn c(port);
  for (int a = 0; a < argc; ++a) {
    std::string q = argv[a];
    Timing t = timedGets(c, {"/api/v1/enterprises?q=" + urlEncode(q) + "&limit=50"}, requests);
    size_t items = 0;
    for (size_t p = 0; (p = t.last_body.find("\"uscc\":", p)) != std::string::npos; ++p) items++;
    double mx = t.lat.empty() ? 0 : *std::max_element(t.lat.begin(), t.lat.end());
    size_t n = t.lat.size();
    double p50 = pct(t.lat, 0.5), p95 = pct(t.lat, 0.95);
    std::printf("q=%s requests=%zu errors=%lld items=%zu p50_ms=%.3f p95_ms=%.3f max_ms=%.3f\n", q.c_str(), n, t.errors,
                items, p50, p95, mx);
  }
  return 0;
}

// GET every target of a file (one per line), in turn, REQUESTS times in all, on one connection.
int paths(int port, const char* file, int requests) {
  std::vector<std::string> targets;
  {
    std::ifstream in(file);
    for (std::string line; std::getline(in, line) && targets.size() < 100000;)
      if (!line.empty() && line[0] == '/') targets.push_back(line);
  }
  if (targets.empty()) {
    std::fprintf(stderr, "http_client: no targets in %s\n", file);
    return 2;
  }
  Conn c(port);
  Timing t = timedGets(c, targets, requests);
  size_t n = t.lat.size();
  double mean_bytes = n ? static_cast<double>(t.bytes) / static_cast<double>(n) : 0;
  double mx = t.lat.empty() ? 0 : *std::max_element(t.lat.begin(), t.lat.end());
  double p50 = pct(t.lat, 0.5), p99 = pct(t.lat, 0.99);
  std::printf("requests=%zu errors=%lld mean_bytes=%.0f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f\n", n, t.errors, mean_bytes, p50, p99, mx);
  return 0;
}

// One slow client: a socket from a chosen source address, dripping a request head.
struct Slow {
  std::string source;
  int fd = -1;
  size_t sent = 0;
};

bool openSlow(Slow& s, int port) {
  s.fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (s.fd < 0) return false;
  sockaddr_in from{};
  from.sin_family = AF_INET;
  inet_pton(AF_INET, s.source.c_str(), &from.sin_addr);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<uint16_t>(port));
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval tv{2, 0};
  setsockopt(s.fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (::bind(s.fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
      ::connect(s.fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    ::close(s.fd);
    s.fd = -1;
    return false;
  }
  s.sent = 0;
  return true;
}

int slowloris(int port, int conns, int addresses, double seconds, int drip_ms) {
  const std::string head = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\nX-Padding: " +
                           std::string(4000, 'a') + "\r\n\r\n";
  std::vector<Slow> slow(static_cast<size_t>(conns));
  for (size_t i = 0; i < slow.size(); ++i)
    slow[i].source = addresses <= 1 ? "127.0.0.2" : "127.0.1." + std::to_string(1 + i % static_cast<size_t>(std::min(addresses, 250)));
  std::atomic<bool> done{false};
  std::atomic<long long> refused{0}, cut{0};
  std::thread dripper([&] {
    while (!done) {
      for (auto& s : slow) {
        if (s.fd < 0 && !openSlow(s, port)) continue;
        char peek[64];
        ssize_t n = ::recv(s.fd, peek, sizeof peek, MSG_DONTWAIT);
        bool gone = n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
        if (n > 0 || gone) {  // answered (a refusal) or closed: reconnect at the next byte
          (n > 0 ? refused : cut)++;
          ::close(s.fd);
          s.fd = -1;
          continue;
        }
        if (s.sent < head.size() - 4 && ::send(s.fd, head.data() + s.sent, 1, MSG_NOSIGNAL | MSG_DONTWAIT) == 1) s.sent++;
      }
      for (int t = 0; t < drip_ms / 50 && !done; ++t) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the slow clients are in place
  std::vector<double> lat;
  long long errors = 0, over = 0;
  auto t0 = Clock::now();
  const std::string req = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  while (std::chrono::duration<double>(Clock::now() - t0).count() < seconds) {
    Conn c(port);
    Reply r;
    auto s = Clock::now();
    bool ok = c.roundTrip(req, r) && r.status == 200;
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - s).count();
    if (!ok) errors++;
    lat.push_back(ms);
    if (ms > 2000) over++;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  int open_at_end = 0;
  for (auto& s : slow) open_at_end += s.fd >= 0 ? 1 : 0;
  done = true;
  dripper.join();
  for (auto& s : slow)
    if (s.fd >= 0) ::close(s.fd);
  size_t n = lat.size();
  double mx = lat.empty() ? 0 : *std::max_element(lat.begin(), lat.end());
  double p50 = pct(lat, 0.5), p99 = pct(lat, 0.99);
  std::printf("slow=%d addresses=%d requests=%zu errors=%lld p50_ms=%.3f p99_ms=%.3f max_ms=%.3f over_2s=%lld refused=%lld cut=%lld "
              "open_at_end=%d\n",
              conns, addresses, n, errors, p50, p99, mx, over, refused.load(), cut.load(), open_at_end);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "patch" && argc == 7)
    return patch(std::atoi(argv[2]), argv[3], std::atoi(argv[4]), std::atof(argv[5]), std::atoll(argv[6]));
  if (mode == "search" && argc >= 5) return search(std::atoi(argv[2]), std::atoi(argv[3]), argc - 4, argv + 4);
  if (mode == "paths" && argc == 5) return paths(std::atoi(argv[2]), argv[3], std::atoi(argv[4]));
  if (mode == "slowloris" && argc == 7)
    return slowloris(std::atoi(argv[2]), std::atoi(argv[3]), std::atoi(argv[4]), std::atof(argv[5]), std::atoi(argv[6]));
  std::fprintf(stderr,
               "usage: http_client patch PORT USCC_FILE CONNECTIONS SECONDS MAX_REQUESTS\n"
               "       http_client search PORT REQUESTS FRAGMENT...\n"
               "       http_client paths PORT TARGET_FILE REQUESTS\n"
               "       http_client slowloris PORT CONNECTIONS ADDRESSES SECONDS DRIP_MS\n");
  return 2;
}
