#include "exporters/prometheus/web_config.h"

#include <crypt.h>
#include <yaml-cpp/yaml.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "core/small_file.h"
#include "core/text.h"

namespace kotel::prometheus {
namespace {

core::Result<std::string> scalar(const YAML::Node& n, const std::string& what) {
  if (!n.IsScalar()) return core::Error{what + " must be a string"};
  return n.as<std::string>();
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

core::Result<void> parse_tls(const YAML::Node& node, const std::string& origin, WebConfig::Tls* tls) {
  if (!node.IsMap()) return core::Error{origin + ": tls_server_config must be a map"};
  for (const auto& kv : node) {
    std::string key = kv.first.as<std::string>();
    auto v = scalar(kv.second, origin + ": tls_server_config." + key);
    if (!v) return core::Error{v.error()};
    if (key == "cert_file") tls->cert_file = *v;
    else if (key == "key_file") tls->key_file = *v;
    else if (key == "client_ca_file") tls->client_ca_file = *v;
    else if (key == "client_auth_type") {
      if (*v == "NoClientCert") tls->client_auth = WebConfig::Tls::ClientAuth::kNone;
      else if (*v == "VerifyClientCertIfGiven") tls->client_auth = WebConfig::Tls::ClientAuth::kVerifyIfGiven;
      else if (*v == "RequireAndVerifyClientCert") tls->client_auth = WebConfig::Tls::ClientAuth::kRequire;
      else
        return core::Error{origin + ": client_auth_type '" + *v +
                           "' is not one of NoClientCert, VerifyClientCertIfGiven, RequireAndVerifyClientCert"};
    } else if (key == "min_version") {
      if (*v != "TLS12" && *v != "TLS13") return core::Error{origin + ": min_version must be TLS12 or TLS13"};
      tls->tls13_only = *v == "TLS13";
    } else {
      return core::Error{origin + ": unknown key tls_server_config." + key};
    }
  }
  if (tls->cert_file.empty() || tls->key_file.empty())
    return core::Error{origin + ": tls_server_config needs cert_file and key_file"};
  if (tls->client_auth != WebConfig::Tls::ClientAuth::kNone && tls->client_ca_file.empty())
    return core::Error{origin + ": client_auth_type needs client_ca_file"};
  return {};
}

}  // namespace

core::Result<WebConfig> parse_web_config(std::string_view yaml, const std::string& origin) {
  WebConfig cfg;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return core::Error{origin + ": not valid YAML (line " + std::to_string(e.mark.line + 1) + ")"};
  }
  if (root.IsNull()) return cfg;
  if (!root.IsMap()) return core::Error{origin + ": expected a map"};
  for (const auto& kv : root) {
    std::string key = kv.first.as<std::string>();
    if (key == "tls_server_config") {
      if (auto r = parse_tls(kv.second, origin, &cfg.tls); !r) return core::Error{r.error()};
      cfg.tls_enabled = true;
    } else if (key == "basic_auth_users") {
      if (!kv.second.IsMap()) return core::Error{origin + ": basic_auth_users must map users to bcrypt hashes"};
      for (const auto& u : kv.second) {
        std::string user = u.first.as<std::string>();
        auto hash = scalar(u.second, origin + ": the hash of " + user);
        if (!hash) return core::Error{hash.error()};
        if (hash->rfind("$2", 0) != 0)
          return core::Error{origin + ": the password of " + user + " is not a bcrypt hash (htpasswd -nBC 10 " + user +
                             ")"};
        cfg.users[user] = *hash;
      }
    } else if (key == "http_server_config") {
      // exporter-toolkit's HTTP/2 and header settings: nothing to do here.
    } else {
      return core::Error{origin + ": unknown key " + key + " (tls_server_config, basic_auth_users)"};
    }
  }
  return cfg;
}

core::Result<WebConfig> load_web_config(const std::string& path) {
  auto text = core::read_small_file(path, "web config file");
  if (!text) return core::Error{text.error()};
  return parse_web_config(text.value(), path);
}

std::string base64_decode(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  while (!in.empty() && in.back() == '=') in.remove_suffix(1);
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v = value(c);
    if (v < 0) return {};
    acc = acc << 6 | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

bool basic_auth_ok(const WebConfig& cfg, std::string_view authorization) {
  if (cfg.users.empty()) return true;
  authorization = core::trim_ows(authorization);
  if (!core::istarts_with_lower(authorization, "basic ")) return false;
  std::string pair = base64_decode(core::trim_ows(authorization.substr(6)));
  size_t colon = pair.find(':');
  if (colon == std::string::npos) return false;
  auto it = cfg.users.find(pair.substr(0, colon));
  if (it == cfg.users.end()) return false;
  crypt_data data;
  std::memset(&data, 0, sizeof(data));
  const char* hashed = crypt_r(pair.c_str() + colon + 1, it->second.c_str(), &data);
  return hashed && hashed[0] != '*' && constant_time_equal(hashed, it->second);
}

}  // namespace kotel::prometheus
