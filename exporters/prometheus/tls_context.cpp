#include "exporters/prometheus/tls_context.h"

#include <openssl/err.h>

#include <string>

#include "core/fatal_error.h"

namespace kotel::prometheus {
namespace {

std::string openssl_error() {
  char buf[256];
  unsigned long e = ERR_get_error();
  if (!e) return "unknown error";
  ERR_error_string_n(e, buf, sizeof(buf));
  ERR_clear_error();
  return buf;
}

}  // namespace

TlsContext::TlsContext(const WebConfig::Tls& tls) {
  ctx_ = SSL_CTX_new(TLS_server_method());
  if (!ctx_) throw core::ConfigError("TLS for /metrics: " + openssl_error());
  auto fail = [this](const std::string& what) {
    std::string msg = "TLS for /metrics: " + what + ": " + openssl_error();
    SSL_CTX_free(ctx_);
    ctx_ = nullptr;
    throw core::ConfigError(msg);
  };
  SSL_CTX_set_min_proto_version(ctx_, tls.tls13_only ? TLS1_3_VERSION : TLS1_2_VERSION);
  if (SSL_CTX_use_certificate_chain_file(ctx_, tls.cert_file.c_str()) != 1) fail("cert_file " + tls.cert_file);
  if (SSL_CTX_use_PrivateKey_file(ctx_, tls.key_file.c_str(), SSL_FILETYPE_PEM) != 1) fail("key_file " + tls.key_file);
  if (SSL_CTX_check_private_key(ctx_) != 1) fail("key_file does not match cert_file");
  if (tls.client_auth != WebConfig::Tls::ClientAuth::kNone) {
    if (SSL_CTX_load_verify_locations(ctx_, tls.client_ca_file.c_str(), nullptr) != 1)
      fail("client_ca_file " + tls.client_ca_file);
    int mode = SSL_VERIFY_PEER;
    if (tls.client_auth == WebConfig::Tls::ClientAuth::kRequire) mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
    SSL_CTX_set_verify(ctx_, mode, nullptr);
  }
  SSL_CTX_set_mode(ctx_, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
}

TlsContext::~TlsContext() {
  if (ctx_) SSL_CTX_free(ctx_);
}

SSL* TlsContext::session(int fd) const {
  SSL* ssl = SSL_new(ctx_);
  if (!ssl) return nullptr;
  SSL_set_fd(ssl, fd);
  SSL_set_accept_state(ssl);
  return ssl;
}

}  // namespace kotel::prometheus
