#pragma once
// The /metrics endpoint's web configuration, in the file format Prometheus
// exporters share (exporter-toolkit's --web.config.file):
//
//   tls_server_config:
//     cert_file: /etc/kotel/tls.crt
//     key_file: /etc/kotel/tls.key
//     client_ca_file: /etc/kotel/ca.crt                # optional: mutual TLS
//     client_auth_type: RequireAndVerifyClientCert     # NoClientCert (default), VerifyClientCertIfGiven
//     min_version: TLS12                               # or TLS13
//   basic_auth_users:
//     prometheus: $2y$10$...                           # bcrypt hashes (htpasswd -nBC 10)
//
// /metrics needs the basic-auth user when users are set; /healthz and
// /readyz never do (they reveal nothing, and probes must reach them).

#include <map>
#include <string>
#include <string_view>

#include "core/result.h"

namespace kotel::prometheus {

struct WebConfig {
  struct Tls {
    std::string cert_file, key_file, client_ca_file;
    enum class ClientAuth { kNone, kVerifyIfGiven, kRequire } client_auth = ClientAuth::kNone;
    bool tls13_only = false;
  };
  bool tls_enabled = false;
  Tls tls;
  std::map<std::string, std::string> users;  // user -> bcrypt hash
};

core::Result<WebConfig> parse_web_config(std::string_view yaml, const std::string& origin);
core::Result<WebConfig> load_web_config(const std::string& path);

// `authorization` is the request's Authorization header. Slow (bcrypt): call
// it off the endpoint's I/O thread.
bool basic_auth_ok(const WebConfig& cfg, std::string_view authorization);
// Base64 (RFC 4648, padded or not); empty on bad input.
std::string base64_decode(std::string_view in);

}  // namespace kotel::prometheus
