#include "exporters/prometheus/http_request.h"

#include "core/text.h"

namespace kotel::prometheus {

size_t request_head_end(std::string_view bytes) {
  size_t crlf = bytes.find("\r\n\r\n");
  size_t lf = bytes.find("\n\n");
  if (crlf == std::string_view::npos && lf == std::string_view::npos) return std::string_view::npos;
  if (lf == std::string_view::npos || (crlf != std::string_view::npos && crlf < lf)) return crlf + 4;
  return lf + 2;
}

core::Result<HttpRequest> parse_request_head(std::string_view head) {
  HttpRequest r;
  size_t eol = head.find('\n');
  std::string_view line = core::trim_space(head.substr(0, eol));
  size_t sp1 = line.find(' ');
  size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.substr(sp2 + 1).rfind("HTTP/1.", 0) != 0)
    return core::Error{"not an HTTP/1 request line"};
  r.method = std::string(line.substr(0, sp1));
  std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  if (!core::is_token(r.method) || target.empty() || target.front() != '/') return core::Error{"bad request line"};
  r.path = std::string(target.substr(0, target.find('?')));
  std::string_view rest = eol == std::string_view::npos ? std::string_view{} : head.substr(eol + 1);
  while (!rest.empty()) {
    eol = rest.find('\n');
    std::string_view h = core::trim_space(rest.substr(0, eol));
    rest = eol == std::string_view::npos ? std::string_view{} : rest.substr(eol + 1);
    if (h.empty()) break;
    size_t colon = h.find(':');
    if (colon == std::string_view::npos) return core::Error{"header without ':'"};
    std::string_view name = h.substr(0, colon), value = core::trim_ows(h.substr(colon + 1));
    if (core::iequals(name, "accept")) r.accept = value;
    else if (core::iequals(name, "accept-encoding")) r.accept_encoding = value;
    else if (core::iequals(name, "authorization")) r.authorization = value;
  }
  return r;
}

}  // namespace kotel::prometheus
