#include "trellis/http/request_head.h"

#include <cctype>

#include "trellis/core/error.h"

namespace trellis::http {
namespace {

Error framing(const std::string& message) { return Error(errc::bad_framing, message); }

bool isTokenChar(unsigned char c) {
  if (std::isalnum(c)) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-':
    case '.': case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

bool isToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!isTokenChar(static_cast<unsigned char>(c))) return false;
  return true;
}

// Field values and targets: visible ASCII, obs-text (UTF-8 bytes) and, in values, SP/HT.
bool isFieldValue(std::string_view s) {
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '\t' || c == ' ') continue;
    if (c < 0x21 || c == 0x7F) return false;
  }
  return true;
}

std::string_view trimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Splits `head` into lines ended by CRLF; a bare CR or LF is refused (H2).
std::vector<std::string_view> lines(std::string_view head) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i < head.size(); ++i) {
    if (head[i] == '\r') {
      if (i + 1 >= head.size() || head[i + 1] != '\n') throw framing("a bare CR in the request head");
      out.push_back(head.substr(start, i - start));
      start = i + 2;
      ++i;
    } else if (head[i] == '\n') {
      throw framing("a line of the request head ends with LF instead of CRLF");
    }
  }
  if (start != head.size()) throw framing("the request head does not end with CRLF");
  return out;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

std::string RequestHead::header(std::string_view name) const {
  for (const auto& [n, v] : headers)
    if (iequals(n, name)) return v;
  return {};
}

int RequestHead::count(std::string_view name) const {
  int n = 0;
  for (const auto& h : headers) n += iequals(h.first, name) ? 1 : 0;
  return n;
}

RequestHead parseRequestHead(std::string_view head) {
  std::vector<std::string_view> all = lines(head);
  std::size_t i = 0;
  while (i < all.size() && all[i].empty()) ++i;  // empty lines before the request line
  if (i >= all.size()) throw framing("no request line");
  std::string_view line = all[i++];

  RequestHead h;
  auto sp1 = line.find(' ');
  auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos)
    throw framing("the request line must be METHOD SP target SP HTTP-version");  // H1
  std::string_view method = line.substr(0, sp1), target = line.substr(sp1 + 1, sp2 - sp1 - 1),
                   version = line.substr(sp2 + 1);
  if (!isToken(method)) throw framing("the request method is not a token");
  if (target.empty() || !isFieldValue(target) || target.find_first_of(" \t") != std::string_view::npos)
    throw framing("the request target is empty or has a control character");
  if (version == "HTTP/1.1") {
    h.minor_version = 1;
  } else if (version == "HTTP/1.0") {
    h.minor_version = 0;
  } else {
    bool looks_like_version = version.size() == 8 && version.substr(0, 5) == "HTTP/" &&
                              std::isdigit(static_cast<unsigned char>(version[5])) && version[6] == '.' &&
                              std::isdigit(static_cast<unsigned char>(version[7]));
    if (!looks_like_version) throw framing("the request line does not end with an HTTP version");
    throw Error(errc::unsupported_http_version, "HTTP version " + std::string(version.substr(5)) + " is not supported; use HTTP/1.1");
  }
  h.method = std::string(method);
  h.target = std::string(target);

  for (; i < all.size(); ++i) {
    std::string_view l = all[i];
    if (l.empty()) break;  // the blank line: end of the head
    if (l.front() == ' ' || l.front() == '\t') throw framing("a folded header line (obs-fold)");  // H3
    auto colon = l.find(':');
    if (colon == std::string_view::npos) throw framing("a header line without a colon");
    std::string_view name = l.substr(0, colon), value = trimOws(l.substr(colon + 1));
    if (!isToken(name)) throw framing("header name '" + std::string(name) + "' is not a token (white space or a separator)");
    if (!isFieldValue(value)) throw framing("header " + std::string(name) + " has a control character in its value");  // H2
    if (h.headers.size() >= kMaxHeaderFields)
      throw Error(errc::header_too_large, "more than " + std::to_string(kMaxHeaderFields) + " header fields");  // H4
    h.headers.emplace_back(std::string(name), std::string(value));
  }
  return h;
}

}  // namespace trellis::http
