#include "exporters/otlp/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <limits>
#include <mutex>
#include <new>
#include <stdexcept>

#include "core/text.h"

namespace kotel::otlp {

namespace {

using std::chrono::milliseconds;

struct CurlEasyDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct CurlSlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
struct CurlUrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;
using CurlSlist = std::unique_ptr<curl_slist, CurlSlistDeleter>;
using CurlUrl = std::unique_ptr<CURLU, CurlUrlDeleter>;

// curl_global_init is not thread-safe on every libcurl; exporters start on several threads.
void curl_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

using core::iequals;
using core::is_alpha;
using core::is_digit;
std::string_view trim(std::string_view s) { return core::trim_space(s); }

// A left-to-right reader for the three HTTP-date forms.
struct DateReader {
  std::string_view s;
  size_t i = 0;

  bool at_end() const { return i == s.size(); }
  bool eat(char c) {
    if (i < s.size() && s[i] == c) return ++i, true;
    return false;
  }
  bool spaces() {  // one or more
    size_t b = i;
    while (i < s.size() && s[i] == ' ') ++i;
    return i > b;
  }
  std::string_view word() {
    size_t b = i;
    while (i < s.size() && is_alpha(s[i])) ++i;
    return s.substr(b, i - b);
  }
  std::optional<int> number(size_t min_digits, size_t max_digits) {
    size_t b = i;
    int v = 0;
    while (i < s.size() && is_digit(s[i]) && i - b < max_digits) v = v * 10 + (s[i++] - '0');
    if (i - b < min_digits || (i < s.size() && is_digit(s[i]))) return std::nullopt;
    return v;
  }
  std::optional<int> month() {
    static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::string_view w = word();
    for (int m = 0; m < 12; ++m)
      if (iequals(w, kMonths[m])) return m + 1;
    return std::nullopt;
  }
  // HH:MM:SS
  std::optional<std::chrono::seconds> time_of_day() {
    auto h = number(2, 2);
    if (!h || !eat(':')) return std::nullopt;
    auto m = number(2, 2);
    if (!m || !eat(':')) return std::nullopt;
    auto sec = number(2, 2);
    if (!sec || *h > 23 || *m > 59 || *sec > 60) return std::nullopt;
    return std::chrono::hours(*h) + std::chrono::minutes(*m) + std::chrono::seconds(*sec);
  }
};

// RFC 9110 §5.6.7: IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", and the obsolete
// rfc850-date "Sunday, 06-Nov-94 08:49:37 GMT" and asctime "Sun Nov  6 08:49:37 1994".
std::optional<std::chrono::sys_seconds> parse_http_date(std::string_view value, int current_year) {
  DateReader r{value};
  if (r.word().size() < 3) return std::nullopt;  // day name; its value is redundant
  std::optional<int> day, month, year;
  std::optional<std::chrono::seconds> tod;
  if (r.eat(',')) {
    if (!r.spaces() || !(day = r.number(2, 2))) return std::nullopt;
    if (r.eat('-')) {  // rfc850-date
      if (!(month = r.month()) || !r.eat('-') || !(year = r.number(2, 2))) return std::nullopt;
      // Two-digit years: the most recent past year with those digits unless within 50 years ahead.
      *year += current_year / 100 * 100;
      if (*year > current_year + 50) *year -= 100;
    } else {
      if (!r.spaces() || !(month = r.month()) || !r.spaces() || !(year = r.number(4, 4))) return std::nullopt;
    }
    if (!r.spaces() || !(tod = r.time_of_day()) || !r.spaces() || r.word() != "GMT") return std::nullopt;
  } else {  // asctime-date
    if (!r.spaces() || !(month = r.month()) || !r.spaces() || !(day = r.number(1, 2)) || !r.spaces() ||
        !(tod = r.time_of_day()) || !r.spaces() || !(year = r.number(4, 4)))
      return std::nullopt;
  }
  r.spaces();
  if (!r.at_end()) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year(*year), std::chrono::month(static_cast<unsigned>(*month)),
                                  std::chrono::day(static_cast<unsigned>(*day))};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days(ymd) + *tod;
}

// For HTTP/2, whose status line has no reason phrase.
std::string_view reason_for(long status) {
  struct Reason {
    long status;
    std::string_view text;
  };
  static constexpr Reason kReasons[] = {
      {400, "Bad Request"},         {401, "Unauthorized"},
      {403, "Forbidden"},           {404, "Not Found"},
      {405, "Method Not Allowed"},  {408, "Request Timeout"},
      {413, "Content Too Large"},   {415, "Unsupported Media Type"},
      {429, "Too Many Requests"},   {500, "Internal Server Error"},
      {501, "Not Implemented"},     {502, "Bad Gateway"},
      {503, "Service Unavailable"}, {504, "Gateway Timeout"},
  };
  for (const Reason& r : kReasons)
    if (r.status == status) return r.text;
  return {};
}

// The body as one short line when it reads as text (a plain-text or JSON error),
// empty when it is binary (a protobuf google.rpc.Status, for the caller to decode).
std::string printable_excerpt(std::string_view body) {
  constexpr size_t kMax = 300;
  body = trim(body);
  if (body.empty()) return {};
  std::string out;
  for (char ch : body.substr(0, kMax)) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (c < 0x20 || c == 0x7f) return {};
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out.push_back(static_cast<char>(c));
  }
  if (body.size() > kMax) out += "...";
  return out;
}

struct CurlFailure {
  HttpOutcome outcome;
  const char* what;
};

// Network trouble is worth retrying; a setup the next attempt cannot fix is not.
CurlFailure classify_curl_error(CURLcode code) {
  switch (code) {
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_NOT_BUILT_IN:
    case CURLE_BAD_FUNCTION_ARGUMENT:
      return {HttpOutcome::kPermanent, "bad request setup for"};
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_ISSUER_ERROR:
      return {HttpOutcome::kPermanent, "TLS verification failed for"};
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
      return {HttpOutcome::kPermanent, "TLS setup failed for"};
    case CURLE_WEIRD_SERVER_REPLY:
      return {HttpOutcome::kPermanent, "not an HTTP reply from"};
    case CURLE_COULDNT_RESOLVE_HOST:
      return {HttpOutcome::kRetryable, "cannot resolve"};
    case CURLE_SSL_CONNECT_ERROR:
      return {HttpOutcome::kRetryable, "TLS handshake failed with"};
    case CURLE_GOT_NOTHING:
      return {HttpOutcome::kRetryable, "no response from"};
    default:  // send/receive errors, resets, HTTP/2 stream errors, ...
      return {HttpOutcome::kRetryable, "transfer failed with"};
  }
}

bool header_is_clean(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

}  // namespace

struct HttpClient::Impl {
  HttpRequestOptions options;
  std::chrono::milliseconds call_timeout{0};  // of the post in progress
  std::string authority;    // host:port, for messages
  std::string setup_error;  // non-empty: every post fails permanently with it
  std::vector<std::string> fixed_headers;
  CurlEasy curl;
  char error_buffer[CURL_ERROR_SIZE] = {};

  // The response being received (reset at each status line, so a 100 Continue leaves nothing behind).
  std::string reason;
  std::string body;
  std::string retry_after;
  std::string location;

  void setup();
  HttpResult transport_failure(CURLcode code) const;
  HttpResult http_result(long status) const;

  static size_t on_body(char* data, size_t size, size_t n, void* user) {
    auto* self = static_cast<Impl*>(user);
    size_t len = size * n;
    size_t room = kMaxResponseBody - std::min(kMaxResponseBody, self->body.size());
    self->body.append(data, std::min(len, room));  // the rest is read and dropped: the connection stays usable
    return len;
  }

  static size_t on_header(char* data, size_t size, size_t n, void* user) {
    auto* self = static_cast<Impl*>(user);
    size_t len = size * n;
    std::string_view line = trim(std::string_view(data, len));
    if (line.starts_with("HTTP/")) {  // "HTTP/1.1 503 Service Unavailable", "HTTP/2 503"
      self->reason.clear();
      self->body.clear();
      self->retry_after.clear();
      self->location.clear();
      size_t code = line.find(' ');
      size_t text = code == std::string_view::npos ? code : line.find(' ', code + 1);
      if (text != std::string_view::npos) self->reason = trim(line.substr(text + 1));
    } else if (size_t colon = line.find(':'); colon != std::string_view::npos) {
      std::string_view name = trim(line.substr(0, colon));
      std::string_view value = trim(line.substr(colon + 1));
      if (iequals(name, "retry-after")) self->retry_after = value;
      if (iequals(name, "location")) self->location = value;
    }
    return len;
  }
};

void HttpClient::Impl::setup() {
  CurlUrl url(curl_url());
  if (!url) {
    setup_error = "cannot allocate a libcurl URL";
    return;
  }
  if (curl_url_set(url.get(), CURLUPART_URL, options.url.c_str(), 0) != CURLUE_OK) {
    setup_error = "bad OTLP endpoint URL '" + options.url + "'";
    return;
  }
  auto part = [&](CURLUPart which, unsigned flags) {
    char* text = nullptr;
    std::string out;
    if (curl_url_get(url.get(), which, &text, flags) == CURLUE_OK && text) out = text;
    curl_free(text);
    return out;
  };
  std::string scheme = part(CURLUPART_SCHEME, 0);
  if (scheme != "http" && scheme != "https") {
    setup_error = "OTLP endpoint URL '" + options.url + "' is not http:// or https://";
    return;
  }
  authority = part(CURLUPART_HOST, 0) + ":" + part(CURLUPART_PORT, CURLU_DEFAULT_PORT);

  for (const auto& [name, value] : options.headers) {
    if (name.empty() || name.find(':') != std::string::npos || !header_is_clean(name) || !header_is_clean(value)) {
      setup_error = "OTLP header '" + name + "' has an empty name, a ':' in its name or a line break";
      return;
    }
    // "Name;" is libcurl's spelling of a header with an empty value ("Name:" would delete it).
    fixed_headers.push_back(value.empty() ? name + ";" : name + ": " + value);
  }
  fixed_headers.emplace_back("Expect:");  // no 100-continue round trip for large bodies
  if (options.gzip) fixed_headers.emplace_back("Content-Encoding: gzip");

  curl.reset(curl_easy_init());
  if (!curl) {
    setup_error = "cannot create a libcurl handle";
    return;
  }
  CURL* c = curl.get();
  auto timeout_ms = static_cast<long>(std::max<int64_t>(options.timeout.count(), 1));
  curl_easy_setopt(c, CURLOPT_URL, options.url.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &Impl::on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &Impl::on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, this);
  if (!options.user_agent.empty()) curl_easy_setopt(c, CURLOPT_USERAGENT, options.user_agent.c_str());
  if (!options.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, options.ca_file.c_str());
  if (!options.client_cert_file.empty()) curl_easy_setopt(c, CURLOPT_SSLCERT, options.client_cert_file.c_str());
  if (!options.client_key_file.empty()) curl_easy_setopt(c, CURLOPT_SSLKEY, options.client_key_file.c_str());
}

HttpResult HttpClient::Impl::transport_failure(CURLcode code) const {
  HttpResult r;
  long os_errno = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_OS_ERRNO, &os_errno);
  std::string detail = error_buffer[0] ? error_buffer : curl_easy_strerror(code);
  if (code == CURLE_OPERATION_TIMEDOUT) {
    r.outcome = HttpOutcome::kRetryable;
    r.error = "timeout after " + std::to_string(call_timeout.count()) + " ms waiting for " + authority;
  } else if (code == CURLE_COULDNT_CONNECT) {
    r.outcome = HttpOutcome::kRetryable;
    r.error = os_errno == ECONNREFUSED ? "connection refused to " + authority
                                       : "cannot connect to " + authority + ": " +
                                             (os_errno ? std::strerror(static_cast<int>(os_errno)) : detail);
  } else {
    CurlFailure f = classify_curl_error(code);
    r.outcome = f.outcome;
    r.error = std::string(f.what) + " " + authority + ": " + detail;
  }
  return r;
}

HttpResult HttpClient::Impl::http_result(long status) const {
  HttpResult r;
  r.status = status;
  r.outcome = classify_http_status(status);
  r.body = body;
  if (!retry_after.empty()) r.retry_after = parse_retry_after(retry_after, std::chrono::system_clock::now());
  if (r.outcome == HttpOutcome::kOk) return r;
  std::string why = reason.empty() ? std::string(reason_for(status)) : reason;
  r.error = "HTTP " + std::to_string(status) + (why.empty() ? "" : " " + why);
  if (status >= 300 && status < 400)
    r.error += location.empty() ? " (redirects are not followed)"
                                : " to " + location + " (redirects are not followed: use that URL as the endpoint)";
  if (std::string text = printable_excerpt(body); !text.empty()) r.error += ": " + text;
  return r;
}

HttpClient::HttpClient(HttpRequestOptions options) : impl_(std::make_unique<Impl>()) {
  curl_init_once();
  impl_->options = std::move(options);
  impl_->setup();
}

HttpClient::~HttpClient() = default;

HttpResult HttpClient::post(std::string_view body, std::string_view content_type,
                            std::optional<std::chrono::milliseconds> timeout) {
  Impl& s = *impl_;
  if (!s.setup_error.empty()) {
    HttpResult r;
    r.outcome = HttpOutcome::kPermanent;
    r.error = s.setup_error;
    return r;
  }
  std::string compressed;
  std::string_view payload = body;
  if (s.options.gzip) payload = compressed = gzip_compress(body);

  CurlSlist headers;
  auto add = [&](const std::string& line) {
    curl_slist* next = curl_slist_append(headers.get(), line.c_str());
    if (!next) throw std::bad_alloc();
    (void)headers.release();
    headers.reset(next);
  };
  add("Content-Type: " + std::string(content_type));
  for (const std::string& h : s.fixed_headers) add(h);

  s.reason.clear();
  s.body.clear();
  s.retry_after.clear();
  s.location.clear();
  s.error_buffer[0] = '\0';

  CURL* c = s.curl.get();
  s.call_timeout = timeout ? std::min(*timeout, s.options.timeout) : s.options.timeout;
  auto timeout_ms = static_cast<long>(std::max<int64_t>(s.call_timeout.count(), 1));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(payload.size()));
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload.empty() ? "" : payload.data());
  CURLcode code = curl_easy_perform(c);
  // Leave no pointers into this frame behind in the handle.
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, nullptr);

  if (code != CURLE_OK) return s.transport_failure(code);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  return s.http_result(status);
}

std::optional<milliseconds> parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now) {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), is_digit)) {
    constexpr int64_t kMaxSeconds = int64_t{1} << 32;  // ~136 years: no overflow, and never a real answer
    int64_t seconds = 0;
    for (char ch : value) seconds = std::min(kMaxSeconds, seconds * 10 + (ch - '0'));
    return std::chrono::seconds(seconds);
  }
  auto today = std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(now));
  auto date = parse_http_date(value, static_cast<int>(today.year()));
  if (!date) return std::nullopt;
  auto wait = std::chrono::ceil<milliseconds>(*date - now);
  return std::max(wait, milliseconds(0));
}

HttpOutcome classify_http_status(long status) {
  if (status >= 200 && status < 300) return HttpOutcome::kOk;
  switch (status) {
    case 0:  // no response at all: the server may not have seen the request
    case 429:
    case 502:
    case 503:
    case 504:
      return HttpOutcome::kRetryable;
    default:
      return HttpOutcome::kPermanent;
  }
}

}  // namespace kotel::otlp
