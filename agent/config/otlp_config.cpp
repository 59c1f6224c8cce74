#include "config/otlp_config.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/hex.h"
#include "core/percent.h"
#include "core/text.h"

namespace kotel::config {

const char* to_string(Signal s) {
  return s == Signal::kMetrics ? "metrics" : s == Signal::kLogs ? "logs" : "traces";
}

const char* to_string(OtlpProtocol p) {
  return p == OtlpProtocol::kGrpc ? "grpc" : "http/protobuf";
}

const OtlpSignalConfig& OtlpConfig::signal(Signal s) const {
  return s == Signal::kMetrics ? metrics : s == Signal::kLogs ? logs : traces;
}

EnvLookup process_env() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* v = std::getenv(std::string(name).c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

namespace {

using std::chrono::milliseconds;
constexpr int64_t kMaxInteger = 2147483647;  // the spec's integer range is 0 .. 2^31-1

using core::trim_ows;
std::string lower(std::string_view s) { return core::to_lower(s); }

std::string upper_name(Signal s) {
  return s == Signal::kMetrics ? "METRICS" : s == Signal::kLogs ? "LOGS" : "TRACES";
}

// A variable set to something other than blanks (the spec reads an empty value as unset).
struct Var {
  std::string name;
  std::string value;
};

core::Error bad(const Var& v, const std::string& what) {
  return {v.name + ": '" + v.value + "' " + what};
}

class Env {
 public:
  explicit Env(const EnvLookup& lookup) : lookup_(lookup) {}

  std::optional<Var> get(const std::string& name) const {
    auto v = lookup_(name);
    if (!v) return std::nullopt;
    std::string_view t = trim_ows(*v);
    if (t.empty()) return std::nullopt;
    return Var{name, std::string(t)};
  }
  // OTEL_EXPORTER_OTLP_<SIGNAL>_<suffix>, else OTEL_EXPORTER_OTLP_<suffix>.
  std::optional<Var> otlp(Signal s, const std::string& suffix) const {
    if (auto v = get(own(s, suffix))) return v;
    return get("OTEL_EXPORTER_OTLP_" + suffix);
  }
  static std::string own(Signal s, const std::string& suffix) {
    return "OTEL_EXPORTER_OTLP_" + upper_name(s) + "_" + suffix;
  }

 private:
  const EnvLookup& lookup_;
};

std::optional<int64_t> to_integer(std::string_view s) {
  if (s.empty() || s.size() > 10) return std::nullopt;
  int64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  if (n > kMaxInteger) return std::nullopt;
  return n;
}

// Timeout: milliseconds, 0 = no limit. Interval (a Duration that drives a timer): at least 1 ms.
enum class Ms : uint8_t { kTimeout, kInterval };

core::Result<milliseconds> to_ms(const Var& v, Ms kind) {
  auto n = to_integer(v.value);
  if (!n) return bad(v, "is not a number of milliseconds (0 to 2147483647)");
  if (*n == 0) {
    if (kind == Ms::kInterval) return bad(v, "must be at least 1 ms");
    return kNoTimeout;
  }
  return milliseconds{*n};
}

core::Result<size_t> to_positive(const Var& v) {
  auto n = to_integer(v.value);
  if (!n || *n == 0) return bad(v, "is not a positive integer (1 to 2147483647)");
  return static_cast<size_t>(*n);
}

// The spec's Boolean is "true" or not; kotel refuses values that are neither true nor false
// rather than reading "1" or "yes" as false.
core::Result<bool> to_bool(const Var& v) {
  std::string l = lower(v.value);
  if (l == "true") return true;
  if (l == "false") return false;
  return bad(v, "is not a boolean (true or false)");
}


bool is_baggage_octet(unsigned char c) {
  return c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A) || (c >= 0x3C && c <= 0x5B) ||
         (c >= 0x5D && c <= 0x7E);
}

void upsert(KeyValues* kv, std::string key, std::string value) {
  for (auto& [k, v] : *kv) {
    if (k == key) {
      v = std::move(value);
      return;
    }
  }
  kv->emplace_back(std::move(key), std::move(value));
}

// W3C Baggage list members without properties: key=value,key=value; blanks around keys and
// values ignored, values percent-decoded. Headers also take blanks inside a value as written
// ("Authorization=Bearer x"), as several SDKs do; resource attributes keep the spec's MUST
// (baggage-octets only). Errors name the key, never the value: headers carry secrets.
core::Result<KeyValues> parse_key_values(const Var& v, bool headers) {
  KeyValues out;
  std::string_view rest = v.value;
  for (size_t n = 1; !rest.empty(); ++n) {
    size_t comma = rest.find(',');
    std::string_view member = trim_ows(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (member.empty()) continue;
    std::string at = v.name + ": entry " + std::to_string(n);
    size_t eq = member.find('=');
    if (eq == std::string_view::npos) return core::Error{at + " has no '=' (expected key1=value1,key2=value2)"};
    std::string_view key = trim_ows(member.substr(0, eq));
    std::string_view value = trim_ows(member.substr(eq + 1));
    if (!core::is_token(key))
      return core::Error{at + ": '" + std::string(key) + "' is not a valid key"};
    std::string of = v.name + ": value of '" + std::string(key) + "'";
    if (value.find(';') != std::string_view::npos)
      return core::Error{of + " has ';': properties are not supported (write %3B for a literal ';')"};
    for (char c : value) {
      bool blank = c == ' ' || c == '\t';
      if (!is_baggage_octet(static_cast<unsigned char>(c)) && !(headers && blank))
        return core::Error{of + " has a character that must be percent-encoded"};
    }
    std::string decoded;
    if (!core::percent_decode(value, core::PlusIs::kPlus, &decoded)) return core::Error{of + " has a '%' not followed by two hex digits"};
    if (headers && std::any_of(decoded.begin(), decoded.end(),
                               [](char c) { return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F; }))
      return core::Error{of + " decodes to a control character"};
    upsert(&out, headers ? lower(key) : std::string(key), std::move(decoded));
  }
  return out;
}

struct Url {
  bool has_scheme = false;
  bool https = false;
  std::string host;
  uint16_t port = 0;
  std::string path;   // as written, may be empty
  std::string query;  // with its '?', may be empty
};

// scheme://host[:port][/path][?query], or host:port when `scheme_required` is false (gRPC).
core::Result<Url> parse_url(const Var& v, bool scheme_required) {
  const std::string& s = v.value;
  for (char c : s)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return bad(v, "contains a blank or control character");
  Url u;
  std::string_view rest = s;
  if (size_t p = s.find("://"); p != std::string::npos) {
    std::string scheme = lower(s.substr(0, p));
    if (scheme != "http" && scheme != "https")
      return bad(v, "has scheme '" + scheme + "': kotel sends OTLP to http:// or https:// URLs");
    u.has_scheme = true;
    u.https = scheme == "https";
    rest.remove_prefix(p + 3);
  } else if (scheme_required) {
    return bad(v, "is not a URL: it must start with http:// or https://");
  }
  size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  std::string_view tail = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
  if (authority.find('@') != std::string_view::npos)
    return core::Error{v.name +
                       ": user credentials in the URL are not supported; send them with "
                       "OTEL_EXPORTER_OTLP_HEADERS"};
  std::string_view port_text;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad(v, "has an IPv6 address without its closing ']'");
    u.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':') return bad(v, "has text after the IPv6 address");
    if (u.host.empty() ||
        !std::all_of(u.host.begin(), u.host.end(), [](char c) { return core::hex_value(c) >= 0 || c == ':' || c == '.'; }))
      return bad(v, "has a bad IPv6 address");
    has_port = !after.empty();
    if (has_port) port_text = after.substr(1);
  } else {
    size_t colon = authority.find(':');
    u.host = std::string(authority.substr(0, colon));
    has_port = colon != std::string_view::npos;
    if (has_port) port_text = authority.substr(colon + 1);
    auto host_char = [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
    };
    if (!std::all_of(u.host.begin(), u.host.end(), host_char)) return bad(v, "has a bad host name");
  }
  if (u.host.empty()) return bad(v, "has no host");
  if (!port_text.empty()) {
    auto n = to_integer(port_text);
    if (!n || *n == 0 || *n > 65535) return bad(v, "has a bad port '" + std::string(port_text) + "' (1 to 65535)");
    u.port = static_cast<uint16_t>(*n);
  } else if (!u.has_scheme) {
    return bad(v, "needs a port (host:port) or a scheme (http://host:port)");
  } else {
    u.port = u.https ? 443 : 80;  // an empty port is the scheme's default (RFC 7230 section 2.7)
  }
  if (tail.find('#') != std::string_view::npos) return bad(v, "has a #fragment, which is never sent");
  size_t q = tail.find('?');
  u.path = std::string(tail.substr(0, q));
  if (q != std::string_view::npos) u.query = std::string(tail.substr(q));
  return u;
}

void warn_once(std::vector<std::string>* warnings, std::string w) {
  if (std::find(warnings->begin(), warnings->end(), w) == warnings->end()) warnings->push_back(std::move(w));
}

// Protocol must be known. Per the spec, for OTLP/HTTP a per-signal URL is used as given ("/"
// for an empty path) and the generic one is a base for "v1/<signal>"; a gRPC target is as given.
core::Result<void> resolve_endpoint(const Env& env, Signal s, OtlpSignalConfig* c, std::vector<std::string>* warn) {
  bool grpc = c->protocol == OtlpProtocol::kGrpc;
  std::optional<Var> own = env.get(Env::own(s, "ENDPOINT"));
  std::optional<Var> generic = env.get("OTEL_EXPORTER_OTLP_ENDPOINT");
  Var base = own       ? *own
             : generic ? *generic
                       : Var{"OTEL_EXPORTER_OTLP_ENDPOINT", grpc ? "http://localhost:4317" : "http://localhost:4318"};
  auto u = parse_url(base, !grpc);
  if (!u) return core::Error{u.error()};
  c->url.host = u->host;
  c->url.port = u->port;
  if (grpc) {
    if ((!u->path.empty() && u->path != "/") || !u->query.empty())
      return bad(base, "has a path or query, which a gRPC endpoint does not take");
    c->endpoint = base.value;
    c->url.target = "/";
    c->url.tls = u->has_scheme ? u->https : !c->insecure;
    if (c->otlp && u->has_scheme && c->insecure)
      warn_once(warn, "*_INSECURE=true has no effect on " + base.value + ": its scheme decides");
  } else if (own) {
    c->endpoint =
        u->path.empty() ? base.value.substr(0, base.value.size() - u->query.size()) + "/" + u->query : base.value;
    c->url.target = (u->path.empty() ? "/" : u->path) + u->query;
    c->url.tls = u->https;
  } else {
    if (!u->query.empty())
      return bad(base, "has a ?query: only a per-signal OTEL_EXPORTER_OTLP_<SIGNAL>_ENDPOINT may carry one");
    std::string relative = std::string("v1/") + to_string(s);
    std::string path = u->path.empty() ? "/" : u->path;
    if (path.back() != '/') path += '/';
    c->endpoint = base.value + (base.value.back() == '/' ? "" : "/") + relative;
    c->url.target = path + relative;
    c->url.tls = u->https;
  }
  return {};
}

core::Result<std::string> readable_file(const std::optional<Var>& v) {
  if (!v) return std::string();
  struct stat st {};
  if (::stat(v->value.c_str(), &st) != 0) return bad(*v, std::string("cannot be opened: ") + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return bad(*v, "is not a regular file (expected a PEM file)");
  FILE* f = std::fopen(v->value.c_str(), "r");
  if (f == nullptr) return bad(*v, std::string("cannot be read: ") + std::strerror(errno));
  std::fclose(f);
  return v->value;
}

core::Result<void> parse_exporters(const Var& v, Signal s, OtlpSignalConfig* c) {
  bool none = false;
  std::string_view rest = v.value;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string item = lower(trim_ows(rest.substr(0, comma)));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (item.empty()) continue;
    if (item == "otlp") {
      c->otlp = true;
    } else if (item == "console") {
      c->console = true;
    } else if (item == "none") {
      none = true;
    } else if (item == "prometheus" && s == Signal::kMetrics) {
      c->prometheus = true;
    } else if (item == "logging") {
      return bad(v, "lists 'logging', a deprecated name: use console");
    } else {
      return bad(v, "lists '" + item + "', which kotel does not support (otlp, console, " +
                        (s == Signal::kMetrics ? "prometheus, " : "") + "none)");
    }
  }
  if (none && (c->otlp || c->console || c->prometheus)) return bad(v, "combines 'none' with other exporters");
  return {};
}

core::Result<OtlpSignalConfig> signal_from_env(const Env& env, Signal s, std::vector<std::string>* warn) {
  OtlpSignalConfig c;
  if (auto v = env.get("OTEL_" + upper_name(s) + "_EXPORTER")) {
    if (auto r = parse_exporters(*v, s, &c); !r) return core::Error{r.error()};
  } else {
    c.otlp = env.get(Env::own(s, "ENDPOINT")) || env.get("OTEL_EXPORTER_OTLP_ENDPOINT");
  }
  if (auto v = env.otlp(s, "PROTOCOL")) {
    std::string p = lower(v->value);
    if (p == "grpc") {
      c.protocol = OtlpProtocol::kGrpc;
    } else if (p == "http/protobuf") {
      c.protocol = OtlpProtocol::kHttpProtobuf;
    } else if (p == "http/json") {
      return bad(*v, "is not supported by kotel, use http/protobuf");
    } else {
      return bad(*v, "is not an OTLP protocol (grpc, http/protobuf)");
    }
  }
  if (auto v = env.otlp(s, "INSECURE")) {
    auto b = to_bool(*v);
    if (!b) return core::Error{b.error()};
    c.insecure = *b;
  }
  if (auto r = resolve_endpoint(env, s, &c, warn); !r) return core::Error{r.error()};

  for (const std::string& name : {std::string("OTEL_EXPORTER_OTLP_HEADERS"), Env::own(s, "HEADERS")}) {
    auto v = env.get(name);
    if (!v) continue;
    auto kv = parse_key_values(*v, /*headers=*/true);
    if (!kv) return core::Error{kv.error()};
    for (auto& [k, val] : *kv) upsert(&c.headers, std::move(k), std::move(val));
  }
  if (auto v = env.otlp(s, "TIMEOUT")) {
    auto t = to_ms(*v, Ms::kTimeout);
    if (!t) return core::Error{t.error()};
    c.timeout = *t;
  }
  if (auto v = env.otlp(s, "COMPRESSION")) {
    std::string z = lower(v->value);
    if (z != "gzip" && z != "none") return bad(*v, "is not a compression kotel supports (gzip, none)");
    c.gzip = z == "gzip";
  }

  std::optional<Var> ca = env.otlp(s, "CERTIFICATE");
  std::optional<Var> key = env.otlp(s, "CLIENT_KEY");
  std::optional<Var> cert = env.otlp(s, "CLIENT_CERTIFICATE");
  using File = std::pair<const std::optional<Var>*, std::string*>;
  for (auto [var, field] : {File{&ca, &c.certificate}, File{&key, &c.client_key}, File{&cert, &c.client_certificate}}) {
    auto path = readable_file(*var);
    if (!path) return core::Error{path.error()};
    *field = *path;
  }
  if (key.has_value() != cert.has_value()) {
    const Var& set = key ? *key : *cert;
    return core::Error{set.name + " is set without a client " + (key ? "certificate" : "key") +
                       ": mTLS needs both *_CLIENT_KEY and *_CLIENT_CERTIFICATE"};
  }
  if (c.otlp && !c.url.tls && (ca || key)) {
    warn_once(warn, (ca ? ca->name : key->name) + " is not used: the " + to_string(s) + " endpoint " + c.endpoint +
                        " is not TLS");
  }
  return c;
}

core::Result<BatchConfig> batch_from_env(const Env& env, const std::string& prefix, BatchConfig b) {
  if (auto v = env.get(prefix + "SCHEDULE_DELAY")) {
    auto t = to_ms(*v, Ms::kInterval);
    if (!t) return core::Error{t.error()};
    b.schedule_delay = *t;
  }
  if (auto v = env.get(prefix + "EXPORT_TIMEOUT")) {
    auto t = to_ms(*v, Ms::kTimeout);
    if (!t) return core::Error{t.error()};
    b.export_timeout = *t;
  }
  if (auto v = env.get(prefix + "MAX_QUEUE_SIZE")) {
    auto n = to_positive(*v);
    if (!n) return core::Error{n.error()};
    b.max_queue_size = *n;
    b.max_queue_size_set = true;
  }
  if (auto v = env.get(prefix + "MAX_EXPORT_BATCH_SIZE")) {
    auto n = to_positive(*v);
    if (!n) return core::Error{n.error()};
    if (*n > b.max_queue_size)
      return bad(*v, "is larger than the queue (" + prefix + "MAX_QUEUE_SIZE " + std::to_string(b.max_queue_size) +
                         "); the spec requires batch <= queue");
    b.max_export_batch_size = *n;
  } else {
    b.max_export_batch_size = std::min(b.max_export_batch_size, b.max_queue_size);
  }
  return b;
}

}  // namespace

core::Result<OtlpConfig> otlp_config_from_env(const EnvLookup& lookup) {
  Env env(lookup);
  OtlpConfig cfg;
  if (auto v = env.get("OTEL_SDK_DISABLED")) {
    auto b = to_bool(*v);
    if (!b) return core::Error{b.error()};
    if (*b) {
      cfg.sdk_disabled = true;
      return cfg;
    }
  }
  using Slot = std::pair<Signal, OtlpSignalConfig*>;
  for (auto [s, field] :
       {Slot{Signal::kTraces, &cfg.traces}, Slot{Signal::kMetrics, &cfg.metrics}, Slot{Signal::kLogs, &cfg.logs}}) {
    auto c = signal_from_env(env, s, &cfg.warnings);
    if (!c) return core::Error{c.error()};
    *field = std::move(*c);
  }
  auto spans = batch_from_env(env, "OTEL_BSP_", cfg.spans);
  if (!spans) return core::Error{spans.error()};
  cfg.spans = *spans;
  auto logs = batch_from_env(env, "OTEL_BLRP_", cfg.logs_batch);
  if (!logs) return core::Error{logs.error()};
  cfg.logs_batch = *logs;
  if (auto v = env.get("OTEL_METRIC_EXPORT_INTERVAL")) {
    auto t = to_ms(*v, Ms::kInterval);
    if (!t) return core::Error{t.error()};
    cfg.metric_export_interval = *t;
  }
  if (auto v = env.get("OTEL_METRIC_EXPORT_TIMEOUT")) {
    auto t = to_ms(*v, Ms::kTimeout);
    if (!t) return core::Error{t.error()};
    cfg.metric_export_timeout = *t;
  }
  if (auto v = env.get("OTEL_RESOURCE_ATTRIBUTES")) {
    auto kv = parse_key_values(*v, /*headers=*/false);
    if (!kv) return core::Error{kv.error()};
    cfg.resource_attributes = std::move(*kv);
  }
  if (auto v = env.get("OTEL_TRACES_SAMPLER")) {
    std::string s = lower(v->value);
    static const char* kKnown[] = {"always_on", "always_off", "traceidratio", "parentbased_always_on",
                                   "parentbased_always_off", "parentbased_traceidratio"};
    if (std::none_of(std::begin(kKnown), std::end(kKnown), [&](const char* k) { return s == k; }))
      return bad(*v, "is not a sampler kotel has (always_on, always_off, traceidratio, parentbased_always_on, "
                     "parentbased_always_off, parentbased_traceidratio)");
    cfg.traces_sampler = s;
  }
  if (auto v = env.get("OTEL_TRACES_SAMPLER_ARG")) {
    char* end = nullptr;
    std::string t(trim_ows(v->value));
    double r = std::strtod(t.c_str(), &end);
    bool ratio = cfg.traces_sampler.find("traceidratio") != std::string::npos;
    if (ratio && (t.empty() || *end != '\0' || !(r >= 0 && r <= 1)))
      return bad(*v, "is not a sampling ratio (a number from 0 to 1)");
    if (ratio) cfg.traces_sampler_arg = r;
    else cfg.warnings.emplace_back("OTEL_TRACES_SAMPLER_ARG is not applied: " + cfg.traces_sampler + " takes no argument");
  }
  if (env.get("OTEL_SERVICE_NAME"))
    cfg.warnings.emplace_back("OTEL_SERVICE_NAME is not applied: kotel names the service of each observed process");
  return cfg;
}

}  // namespace kotel::config
