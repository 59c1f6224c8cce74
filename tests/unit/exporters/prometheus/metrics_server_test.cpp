// The metrics endpoint under hostile and careless clients, on loopback: slow
// heads, trickled bytes, more connections than it takes, a scrape that renders
// for long, TLS and basic auth. Waits use deadlines (poll), never sleeps.
#include "exporters/prometheus/metrics_server.h"

#include <arpa/inet.h>
#include <crypt.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "core/fatal_error.h"

namespace kotel::prometheus {
namespace {

using namespace std::chrono_literals;

// A connected TCP socket to 127.0.0.1:port, closed with the object.
struct Client {
  int fd = -1;
  explicit Client(int port) {
    fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)), 0);
  }
  ~Client() {
    if (fd >= 0) ::close(fd);
  }
  void send(std::string_view s) const { ASSERT_EQ(::send(fd, s.data(), s.size(), MSG_NOSIGNAL), ssize_t(s.size())); }
  // Everything until the server closes, or what came by the deadline.
  std::string read_all(std::chrono::milliseconds within = 3000ms) const {
    std::string out;
    auto end = std::chrono::steady_clock::now() + within;
    char buf[4096];
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
      if (left.count() <= 0) return out;
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return out;
      ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
      if (n <= 0) return out;
      out.append(buf, static_cast<size_t>(n));
    }
  }
  // True when the server closed this connection before the deadline.
  bool closed_within(std::chrono::milliseconds within) const {
    auto end = std::chrono::steady_clock::now() + within;
    char buf[256];
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
      ssize_t n = ::recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
      if (n <= 0) return true;
    }
  }
};

std::string get(int port, const std::string& path, const std::string& headers = "") {
  Client c(port);
  c.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n");
  return c.read_all();
}

bool status_is(const std::string& response, int status) {
  return response.rfind("HTTP/1.1 " + std::to_string(status) + " ", 0) == 0;
}

EndpointOptions loopback(std::chrono::milliseconds head_timeout = 5000ms) {
  EndpointOptions o;
  o.address = "127.0.0.1:0";
  o.head_timeout = head_timeout;
  return o;
}

TEST(MetricsServer, ServesTheThreePaths) {
  MetricsServer s(loopback(), [](Format) { return std::string("kotel_up 1\n"); }, [] { return true; });
  std::string m = get(s.port(), "/metrics");
  EXPECT_TRUE(status_is(m, 200)) << m;
  EXPECT_NE(m.find("kotel_up 1"), std::string::npos);
  EXPECT_NE(m.find("Content-Type: text/plain; version=0.0.4"), std::string::npos) << m;
  EXPECT_TRUE(status_is(get(s.port(), "/healthz"), 200));
  EXPECT_TRUE(status_is(get(s.port(), "/readyz"), 200));
  EXPECT_TRUE(status_is(get(s.port(), "/nope"), 404));
  Client post(s.port());
  post.send("POST /metrics HTTP/1.1\r\n\r\n");
  EXPECT_TRUE(status_is(post.read_all(), 405));
  EXPECT_GE(s.stats().requests.load(), 5u);
}

// The reported bug: 8 connections that send a partial head and stay open
// took every worker of the old server; /healthz timed out.
TEST(MetricsServer, EightSlowClientsDoNotBlockHealth) {
  MetricsServer s(loopback(), [](Format) { return std::string("x 1\n"); }, [] { return true; });
  std::vector<std::unique_ptr<Client>> slow;
  for (int i = 0; i < 8; ++i) {
    slow.push_back(std::make_unique<Client>(s.port()));
    slow.back()->send("GET /metrics HTTP/1.1\r\nHost: x\r\n");
  }
  for (int i = 0; i < 3; ++i) {
    Client c(s.port());
    c.send("GET /healthz HTTP/1.1\r\n\r\n");
    std::string r = c.read_all(1000ms);
    EXPECT_TRUE(status_is(r, 200)) << "healthz while 8 heads hang: '" << r << "'";
  }
}

// Bytes trickled slower than any per-read timeout would notice: the head has
// one deadline in total.
TEST(MetricsServer, ATrickledHeadIsCutAtItsDeadline) {
  MetricsServer s(loopback(300ms), [](Format) { return std::string("x 1\n"); }, [] { return true; });
  Client c(s.port());
  auto start = std::chrono::steady_clock::now();
  bool closed = false;
  for (int i = 0; i < 40 && !closed; ++i) {  // one byte per 50 ms: 2 s if never cut
    ::send(c.fd, "G", 1, MSG_NOSIGNAL);
    closed = c.closed_within(50ms);
  }
  EXPECT_TRUE(closed || c.closed_within(500ms));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1500ms);
  EXPECT_GE(s.stats().timed_out.load(), 1u);
}

// Past the cap the oldest connection still sending its head makes room, so a
// flood of idle connections cannot lock a probe out.
TEST(MetricsServer, TheCapShedsTheOldestIdleConnection) {
  EndpointOptions o = loopback();
  o.max_connections = 4;
  MetricsServer s(o, [](Format) { return std::string("x 1\n"); }, [] { return true; });
  std::vector<std::unique_ptr<Client>> idle;
  for (int i = 0; i < 10; ++i) idle.push_back(std::make_unique<Client>(s.port()));
  EXPECT_TRUE(idle.front()->closed_within(2000ms)) << "the oldest idle connection is shed";
  Client c(s.port());
  c.send("GET /healthz HTTP/1.1\r\n\r\n");
  EXPECT_TRUE(status_is(c.read_all(1000ms), 200));
  EXPECT_GE(s.stats().shed.load(), 6u);
}

// A render that takes long (10k series) runs on its own thread: probes are
// answered meanwhile, and a head larger than the cap is refused.
TEST(MetricsServer, ALongRenderDoesNotDelayProbes) {
  std::mutex mu;
  std::condition_variable cv;
  bool release = false;
  MetricsServer s(
      loopback(),
      [&](Format) {
        std::unique_lock lock(mu);
        cv.wait(lock, [&] { return release; });
        return std::string("slow 1\n");
      },
      [] { return true; });
  Client scrape(s.port());
  scrape.send("GET /metrics HTTP/1.1\r\n\r\n");
  EXPECT_TRUE(status_is(get(s.port(), "/healthz"), 200));
  EXPECT_TRUE(status_is(get(s.port(), "/readyz"), 200));
  Client huge(s.port());
  huge.send("GET /metrics HTTP/1.1\r\nX: " + std::string(9000, 'a'));
  EXPECT_TRUE(status_is(huge.read_all(), 431));
  {
    std::lock_guard lock(mu);
    release = true;
  }
  cv.notify_all();
  EXPECT_NE(scrape.read_all().find("slow 1"), std::string::npos);
}

TEST(MetricsServer, GzipWhenAsked) {
  std::string big;
  for (int i = 0; i < 500; ++i) big += "kotel_series{n=\"" + std::to_string(i) + "\"} 1\n";
  MetricsServer s(loopback(), [&](Format) { return big; }, [] { return true; });
  std::string r = get(s.port(), "/metrics", "Accept-Encoding: gzip\r\n");
  EXPECT_NE(r.find("Content-Encoding: gzip"), std::string::npos);
  EXPECT_LT(r.size(), big.size() / 3);
}

TEST(MetricsServer, BadAddressesAreConfigErrors) {
  auto make = [](const char* address) {
    EndpointOptions o;
    o.address = address;
    MetricsServer s(o, [](Format) { return std::string(); }, nullptr);
  };
  EXPECT_THROW(make("127.0.0.1"), core::ConfigError);
  EXPECT_THROW(make("127.0.0.1:99999"), core::ConfigError);
  EXPECT_THROW(make("127.0.0.1:http"), core::ConfigError);
}

// --- TLS and basic auth --------------------------------------------------

// A self-signed certificate for 127.0.0.1 and its key, written to `dir`.
void write_self_signed(const std::filesystem::path& dir) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  ASSERT_NE(key, nullptr);
  X509* cert = X509_new();
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("kotel-test"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509_sign(cert, key, EVP_sha256());
  FILE* c = std::fopen((dir / "cert.pem").c_str(), "w");
  PEM_write_X509(c, cert);
  std::fclose(c);
  FILE* k = std::fopen((dir / "key.pem").c_str(), "w");
  PEM_write_PrivateKey(k, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(k);
  X509_free(cert);
  EVP_PKEY_free(key);
}

std::string bcrypt(const char* password) {
  char salt[CRYPT_GENSALT_OUTPUT_SIZE];
  crypt_gensalt_rn("$2b$", 4, nullptr, 0, salt, sizeof(salt));
  crypt_data data;
  std::memset(&data, 0, sizeof(data));
  return crypt_r(password, salt, &data);
}

// GET over TLS (the certificate is not checked: the test made it).
std::string tls_get(int port, const std::string& path, const std::string& headers) {
  Client c(port);
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL* ssl = SSL_new(ctx);
  SSL_set_fd(ssl, c.fd);
  std::string out;
  if (SSL_connect(ssl) == 1) {
    std::string req = "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n";
    SSL_write(ssl, req.data(), static_cast<int>(req.size()));
    char buf[4096];
    int n;
    while ((n = SSL_read(ssl, buf, sizeof(buf))) > 0) out.append(buf, static_cast<size_t>(n));
  }
  SSL_free(ssl);
  SSL_CTX_free(ctx);
  return out;
}

TEST(MetricsServer, TlsAndBasicAuthFromAWebConfigFile) {
  auto dir = std::filesystem::temp_directory_path() / ("kotel-web-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  write_self_signed(dir);
  std::ofstream(dir / "web.yml") << "tls_server_config:\n  cert_file: " << (dir / "cert.pem").string()
                                  << "\n  key_file: " << (dir / "key.pem").string()
                                  << "\nbasic_auth_users:\n  prometheus: " << bcrypt("s3cret") << "\n";
  EndpointOptions o = loopback();
  o.web_config_file = (dir / "web.yml").string();
  MetricsServer s(o, [](Format) { return std::string("secret_series 1\n"); }, [] { return true; });
  EXPECT_TRUE(s.tls());
  std::string ok = tls_get(s.port(), "/metrics", "Authorization: Basic cHJvbWV0aGV1czpzM2NyZXQ=\r\n");
  EXPECT_TRUE(status_is(ok, 200)) << ok;
  EXPECT_NE(ok.find("secret_series 1"), std::string::npos);
  std::string denied = tls_get(s.port(), "/metrics", "");
  EXPECT_TRUE(status_is(denied, 401)) << denied;
  EXPECT_EQ(denied.find("secret_series"), std::string::npos);
  EXPECT_NE(denied.find("WWW-Authenticate: Basic"), std::string::npos);
  EXPECT_TRUE(status_is(tls_get(s.port(), "/healthz", ""), 200)) << "probes need no password";
  EXPECT_EQ(s.stats().unauthorized.load(), 1u);
  std::string plain = get(s.port(), "/metrics");  // plain HTTP to a TLS port: no answer, counted
  EXPECT_EQ(plain.find("secret_series"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(MetricsServer, AMissingCertificateIsAConfigError) {
  auto dir = std::filesystem::temp_directory_path() / ("kotel-web-bad-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "web.yml") << "tls_server_config:\n  cert_file: /no/cert.pem\n  key_file: /no/key.pem\n";
  EndpointOptions o = loopback();
  o.web_config_file = (dir / "web.yml").string();
  try {
    MetricsServer s(o, [](Format) { return std::string(); }, nullptr);
    ADD_FAILURE() << "started without its certificate";
  } catch (const core::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("/no/cert.pem"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kotel::prometheus
