#pragma once
// HTTP request target -> path, redacted query and a low-cardinality route
// template ("/users/123/orders" -> "/users/{id}/orders") for span names and
// metric labels. Pure and regex-free: runs once per request on the hot path.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace kotel::spans {

// The path of an HTTP/1 request target (RFC 9112 section 3.2), without query
// or fragment; points into the argument:
//   origin-form    "/a/b?x=1"            -> "/a/b"
//   absolute-form  "http://h:80/a?b"     -> "/a"  ("http://h" -> "/")
//   authority-form "host:443" (CONNECT)  -> ""
//   asterisk-form  "*" (OPTIONS)         -> "*"
// Anything else is "".
std::string_view url_path(std::string_view request_target);

// The query of a request target for `url.query` (no '?', no fragment) with
// every non-empty parameter value replaced by "REDACTED"; names are kept as
// sent: "?user=bob&token=x&flag" -> "user=REDACTED&token=REDACTED&flag".
// "" when there is no query. Parameters past kMaxQueryBytes of output are
// dropped. Only for users who opted in to query capture.
inline constexpr size_t kMaxQueryBytes = 1024;
std::string redact_query(std::string_view request_target);
void redact_query(std::string_view request_target, std::string& out);  // into `out`, reusing its room

// Route template of a path, id-like segments replaced, in this order:
//   all digits                                 -> {id}
//   UUID (8-4-4-4-12 hex)                      -> {uuid}
//   date YYYY-MM-DD                            -> {date}
//   >= 8 hex chars with at least one digit     -> {hex}
//   >= 16 base64url chars that look random     -> {token}
//     (a '-'/'_'-separated run of >= 8 mixing letters and digits, or
//     letters only with >= 1/3 upper case and two upper case in a row)
//   longer than kMaxSegmentBytes, or holding bytes outside printable ASCII -> {token}
// Words stay: "v1", "api", "users", "index.html", "getUserById". A short file
// extension is kept: "123.json" -> "{id}.json". Segments are classified on
// their percent-decoded form but kept as sent. Past kMaxSegments segments, or
// when the template would exceed kMaxTemplateBytes, the rest is "/{rest}".
// Query and fragment, if present, are ignored; "" -> "/"; "*" -> "*".
// One allocation (the result).
inline constexpr size_t kMaxSegments = 8;
inline constexpr size_t kMaxSegmentBytes = 64;
inline constexpr size_t kMaxTemplateBytes = 256;
std::string route_template(std::string_view path);

// Bounds the number of distinct templates per service so a path scheme the
// heuristics miss cannot blow up span-name / metric cardinality. The first
// max_per_service templates of a service are admitted; later new ones map to
// "{overflow}". At most max_services services are tracked; templates of any
// service past that also map to "{overflow}". Memory is therefore bounded by
// max_services * max_per_service templates (route_template output is at most
// kMaxTemplateBytes; longer arguments are never stored and map to "{overflow}").
// Not thread-safe: one per pipeline thread.
class TemplateLimiter {
 public:
  static constexpr std::string_view kOverflow = "{overflow}";

  explicit TemplateLimiter(size_t max_per_service = 200, size_t max_services = 4096)
      : max_per_service_(max_per_service), max_services_(max_services) {}

  // tmpl itself (a view into storage owned here, valid for the limiter's
  // lifetime) if admitted, else kOverflow.
  std::string_view admit(std::string_view service, std::string_view tmpl);

  uint64_t overflowed() const { return overflowed_; }
  size_t services() const { return by_service_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Templates = std::unordered_set<std::string, Hash, std::equal_to<>>;

  size_t max_per_service_;
  size_t max_services_;
  uint64_t overflowed_ = 0;
  std::unordered_map<std::string, Templates, Hash, std::equal_to<>> by_service_;
};

}  // namespace kotel::spans
