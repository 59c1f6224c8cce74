#pragma once
// The endpoint's TLS server context from a web config (OpenSSL): certificate
// chain and key, optional client CA and client verification, minimum version.

#include <openssl/ssl.h>

#include "exporters/prometheus/web_config.h"

namespace kotel::prometheus {

class TlsContext {
 public:
  // Throws core::ConfigError naming the file that could not be used.
  explicit TlsContext(const WebConfig::Tls& tls);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  // A server session on a connected socket, or null (counted by the caller).
  SSL* session(int fd) const;

 private:
  SSL_CTX* ctx_ = nullptr;
};

}  // namespace kotel::prometheus
