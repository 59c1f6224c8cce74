#include "exporters/otlp/http_client.h"

#include "tests/support/gzip_support.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

namespace kotel::otlp {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;
using std::chrono::system_clock;

using testing::gunzip;
using testing::sample_text;

// ---- against a real server on loopback ----

// What the server saw, readable from the test thread.
struct Seen {
  std::mutex mu;
  std::vector<httplib::Request> requests;
  void add(const httplib::Request& r) {
    std::lock_guard lock(mu);
    requests.push_back(r);
  }
  std::vector<httplib::Request> all() {
    std::lock_guard lock(mu);
    return requests;
  }
};

class LoopbackServer {
 public:
  explicit LoopbackServer(std::unique_ptr<httplib::Server> server = std::make_unique<httplib::Server>(),
                          std::string scheme = "http")
      : server_(std::move(server)), scheme_(std::move(scheme)) {
    EXPECT_TRUE(server_->is_valid());
    port_ = server_->bind_to_any_port("127.0.0.1");  // clients can connect from here on
    EXPECT_GT(port_, 0);
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    // cpp-httplib 0.11's stop() does nothing until the accept loop has started, so a test
    // that ends quickly would leave it blocked in accept(): wait for the loop (no wait_until_ready in 0.11).
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!server_->is_running() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
    EXPECT_TRUE(server_->is_running());
  }
  ~LoopbackServer() {
    server_->stop();
    thread_.join();
  }
  httplib::Server& http() { return *server_; }
  std::string url(std::string_view path = "/v1/traces") const {
    return scheme_ + "://127.0.0.1:" + std::to_string(port_) + std::string(path);
  }

 private:
  std::unique_ptr<httplib::Server> server_;
  std::string scheme_;
  std::thread thread_;
  int port_ = 0;
};

HttpRequestOptions options_for(const std::string& url) {
  HttpRequestOptions o;
  o.url = url;
  o.timeout = 5000ms;
  return o;
}

TEST(HttpClientLoopback, OkReturnsTheBinaryBody) {
  LoopbackServer server;
  const std::string response(
      "\x0a\x00\x12\x03"
      "abc",
      7);
  server.http().Post("/v1/traces", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(response, "application/x-protobuf");
  });
  HttpClient client(options_for(server.url()));
  HttpResult r = client.post("payload");
  EXPECT_EQ(r.outcome, HttpOutcome::kOk);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, response);
  EXPECT_EQ(r.retry_after, std::nullopt);
  EXPECT_EQ(r.error, "");
}

TEST(HttpClientLoopback, HeadersContentTypeAndUserAgentArrive) {
  LoopbackServer server;
  Seen seen;
  server.http().Post("/v1/traces", [&](const httplib::Request& req, httplib::Response&) { seen.add(req); });
  HttpRequestOptions o = options_for(server.url());
  o.headers = {{"x-api-key", "s3cr3t=="}, {"X-Tenant", "team a"}};
  o.user_agent = "kotel/0.1.0";
  HttpClient client(o);
  const std::string body("\x0a\x02\x08\x01", 4);
  EXPECT_EQ(client.post(body).outcome, HttpOutcome::kOk);
  EXPECT_EQ(client.post("{}", "application/json").outcome, HttpOutcome::kOk);

  auto reqs = seen.all();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].method, "POST");
  EXPECT_EQ(reqs[0].path, "/v1/traces");
  EXPECT_EQ(reqs[0].body, body);
  EXPECT_EQ(reqs[0].get_header_value("Content-Type"), "application/x-protobuf");
  EXPECT_EQ(reqs[0].get_header_value("x-api-key"), "s3cr3t==");
  EXPECT_EQ(reqs[0].get_header_value("X-Tenant"), "team a");
  EXPECT_EQ(reqs[0].get_header_value("User-Agent"), "kotel/0.1.0");
  EXPECT_FALSE(reqs[0].has_header("Content-Encoding"));
  EXPECT_FALSE(reqs[0].has_header("Expect"));
  EXPECT_EQ(reqs[1].get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(reqs[1].body, "{}");
}

TEST(HttpClientLoopback, GzipBodyArrivesCompressedAndInflatesToTheOriginal) {
  LoopbackServer server;
  Seen seen;
  server.http().Post("/v1/traces", [&](const httplib::Request& req, httplib::Response&) { seen.add(req); });
  HttpRequestOptions o = options_for(server.url());
  o.gzip = true;
  HttpClient client(o);
  const std::string original = sample_text(200000);
  EXPECT_EQ(client.post(original).outcome, HttpOutcome::kOk);

  auto reqs = seen.all();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].get_header_value("Content-Encoding"), "gzip");
  // What went over the wire is the gzip member, not the original.
  EXPECT_EQ(reqs[0].get_header_value("Content-Length"), std::to_string(gzip_compress(original).size()));
  // cpp-httplib inflates gzip request bodies itself when built with zlib; inflate here if it did not.
  std::string received = reqs[0].body;
  if (received.size() >= 2 && received[0] == '\x1f' && received[1] == '\x8b') received = gunzip(received);
  EXPECT_EQ(received, original);
}

TEST(HttpClientLoopback, ServiceUnavailableWithRetryAfterIsRetryable) {
  LoopbackServer server;
  server.http().Post("/v1/traces", [&](const httplib::Request&, httplib::Response& res) {
    res.status = 503;
    res.set_header("Retry-After", "2");
  });
  HttpClient client(options_for(server.url()));
  HttpResult r = client.post("x");
  EXPECT_EQ(r.outcome, HttpOutcome::kRetryable);
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.retry_after, milliseconds(2000));
  EXPECT_EQ(r.error, "HTTP 503 Service Unavailable");
}

TEST(HttpClientLoopback, BadRequestIsPermanentWithTheTextOfATextBody) {
  LoopbackServer server;
  server.http().Post("/v1/traces", [&](const httplib::Request&, httplib::Response& res) {
    res.status = 400;
    res.set_content("invalid span\nid length", "text/plain");
  });
  HttpClient client(options_for(server.url()));
  HttpResult r = client.post("x");
  EXPECT_EQ(r.outcome, HttpOutcome::kPermanent);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.retry_after, std::nullopt);
  EXPECT_EQ(r.error, "HTTP 400 Bad Request: invalid span id length");
}

TEST(HttpClientLoopback, BinaryErrorBodyIsHandedBackNotPrinted) {
  LoopbackServer server;
  const std::string status_pb(
      "\x08\x03\x12\x03"
      "bad",
      7);  // google.rpc.Status{code: 3, message: "bad"}
  server.http().Post("/v1/traces", [&](const httplib::Request&, httplib::Response& res) {
    res.status = 400;
    res.set_content(status_pb, "application/x-protobuf");
  });
  HttpClient client(options_for(server.url()));
  HttpResult r = client.post("x");
  EXPECT_EQ(r.outcome, HttpOutcome::kPermanent);
  EXPECT_EQ(r.error, "HTTP 400 Bad Request");
  EXPECT_EQ(r.body, status_pb);
}

TEST(HttpClientLoopback, RedirectsAreNotFollowed) {
  LoopbackServer server;
  Seen elsewhere;
  server.http().Post("/v1/traces", [&](const httplib::Request&, httplib::Response& res) {
    res.status = 307;
    res.set_header("Location", server.url("/elsewhere"));
  });
  server.http().Post("/elsewhere", [&](const httplib::Request& req, httplib::Response&) { elsewhere.add(req); });
  HttpClient client(options_for(server.url()));
  HttpResult r = client.post("x");
  EXPECT_EQ(r.outcome, HttpOutcome::kPermanent);
  EXPECT_EQ(r.status, 307);
  EXPECT_NE(r.error.find(server.url("/elsewhere")), std::string::npos) << r.error;
  EXPECT_TRUE(elsewhere.all().empty());
}

TEST(HttpClientLoopback, LargeResponsesAreCappedAndTheConnectionStaysUsable) {
  LoopbackServer server;
  Seen seen;
  server.http().Post("/v1/traces", [&](const httplib::Request& req, httplib::Response& res) {
    seen.add(req);
    res.set_content(std::string(kMaxResponseBody * 4, 'z'), "application/x-protobuf");
  });
  HttpClient client(options_for(server.url()));
  HttpResult first = client.post("1");
  EXPECT_EQ(first.outcome, HttpOutcome::kOk);
  EXPECT_EQ(first.body.size(), kMaxResponseBody);
  HttpResult second = client.post("2");
  EXPECT_EQ(second.outcome, HttpOutcome::kOk);
  auto reqs = seen.all();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].remote_port, reqs[1].remote_port);
}

TEST(HttpClientLoopback, KeepAliveReusesOneConnection) {
  LoopbackServer server;
  Seen seen;
  server.http().Post("/v1/traces", [&](const httplib::Request& req, httplib::Response&) { seen.add(req); });
  HttpClient client(options_for(server.url()));
  for (int i = 0; i < 3; ++i) EXPECT_EQ(client.post("batch " + std::to_string(i)).outcome, HttpOutcome::kOk);
  std::set<int> ports;
  for (const auto& req : seen.all()) ports.insert(req.remote_port);
  EXPECT_EQ(seen.all().size(), 3u);
  EXPECT_EQ(ports.size(), 1u) << "each post opened a new connection";
}

TEST(HttpClientLoopback, ConnectionRefusedIsRetryableAndNamesTheAddress) {
  // A bound socket that never listens: connecting is refused, and no one else can take the port meanwhile.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  std::string address = "127.0.0.1:" + std::to_string(ntohs(addr.sin_port));

  HttpClient client(options_for("http://" + address + "/v1/traces"));
  HttpResult r = client.post("x");
  close(fd);
  EXPECT_EQ(r.outcome, HttpOutcome::kRetryable);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.error, "connection refused to " + address);
}

TEST(HttpClientLoopback, SlowServerTimesOutRetryably) {
  LoopbackServer server;
  std::mutex mu;
  std::condition_variable cv;
  bool release = false;
  // The handler holds the answer until the test has seen the client give up.
  server.http().Post("/v1/traces", [&](const httplib::Request&, httplib::Response&) {
    std::unique_lock lock(mu);
    cv.wait_for(lock, 30s, [&] { return release; });
  });
  HttpRequestOptions o = options_for(server.url());
  o.timeout = 200ms;
  HttpClient client(o);
  auto start = std::chrono::steady_clock::now();
  HttpResult r = client.post("x");
  auto took = std::chrono::steady_clock::now() - start;
  {
    std::lock_guard lock(mu);
    release = true;
  }
  cv.notify_all();
  EXPECT_EQ(r.outcome, HttpOutcome::kRetryable);
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.error.find("timeout after 200 ms"), std::string::npos) << r.error;
  EXPECT_LT(took, 10s);
}

TEST(HttpClient, BadUrlsArePermanent) {
  for (std::string url : {"", "not a url", "ftp://127.0.0.1/v1/traces", "file:///etc/passwd"}) {
    HttpClient client(options_for(url));
    HttpResult r = client.post("x");
    EXPECT_EQ(r.outcome, HttpOutcome::kPermanent) << url;
    EXPECT_EQ(r.status, 0) << url;
    EXPECT_FALSE(r.error.empty()) << url;
  }
}

TEST(HttpClient, HeaderInjectionIsRefused) {
  HttpRequestOptions o = options_for("http://127.0.0.1:4318/v1/traces");
  o.headers = {{"x-api-key", "a\r\nX-Evil: 1"}};
  HttpClient client(o);
  HttpResult r = client.post("x");
  EXPECT_EQ(r.outcome, HttpOutcome::kPermanent);
  EXPECT_NE(r.error.find("x-api-key"), std::string::npos) << r.error;
}

// Self-signed certificates for 127.0.0.1, made with the openssl tool in a temporary directory.
class TlsFiles {
 public:
  TlsFiles() {
    std::string pattern = ::testing::TempDir() + "kotel-tls-XXXXXX";
    dir_ = mkdtemp(pattern.data()) ? pattern : "";
    EXPECT_FALSE(dir_.empty());
    make("server");
    make("client");
  }
  ~TlsFiles() { std::filesystem::remove_all(dir_); }
  std::string cert(std::string_view who) const { return dir_ + "/" + std::string(who) + ".crt"; }
  std::string key(std::string_view who) const { return dir_ + "/" + std::string(who) + ".key"; }

 private:
  void make(std::string_view who) {
    std::string cmd =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=" + std::string(who) +
        " -addext subjectAltName=IP:127.0.0.1 -keyout " + key(who) + " -out " + cert(who) + " >/dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  }
  std::string dir_;
};

std::unique_ptr<httplib::Server> tls_server(const TlsFiles& tls, bool require_client_cert = false) {
  return std::make_unique<httplib::SSLServer>(tls.cert("server").c_str(), tls.key("server").c_str(),
                                              require_client_cert ? tls.cert("client").c_str() : nullptr);
}

TEST(HttpClientTls, UntrustedServerCertificateIsPermanent) {
  TlsFiles tls;
  LoopbackServer server(tls_server(tls), "https");
  server.http().Post("/v1/traces", [](const httplib::Request&, httplib::Response&) {});
  HttpClient client(options_for(server.url()));  // system CAs do not know our self-signed server
  HttpResult r = client.post("x");
  EXPECT_EQ(r.outcome, HttpOutcome::kPermanent) << r.error;
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.error.find("TLS verification failed"), std::string::npos) << r.error;
}

TEST(HttpClientTls, CaFileAndClientCertificate) {
  TlsFiles tls;
  LoopbackServer server(tls_server(tls, /*require_client_cert=*/true), "https");
  server.http().Post("/v1/traces", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok", "application/x-protobuf");
  });
  HttpRequestOptions o = options_for(server.url());
  o.ca_file = tls.cert("server");
  o.client_cert_file = tls.cert("client");
  o.client_key_file = tls.key("client");
  HttpClient client(o);
  HttpResult r = client.post("x");
  EXPECT_EQ(r.outcome, HttpOutcome::kOk) << r.error;
  EXPECT_EQ(r.body, "ok");

  // Without the client certificate the server refuses the handshake.
  o.client_cert_file.clear();
  o.client_key_file.clear();
  HttpClient anonymous(o);
  EXPECT_NE(anonymous.post("x").outcome, HttpOutcome::kOk);
}

TEST(HttpClientTls, MissingCaFileIsPermanent) {
  TlsFiles tls;
  LoopbackServer server(tls_server(tls), "https");
  server.http().Post("/v1/traces", [](const httplib::Request&, httplib::Response&) {});
  HttpRequestOptions o = options_for(server.url());
  o.ca_file = tls.cert("server") + ".missing";
  HttpClient client(o);
  HttpResult r = client.post("x");
  EXPECT_EQ(r.outcome, HttpOutcome::kPermanent) << r.error;
  EXPECT_EQ(r.status, 0);
}

}  // namespace
}  // namespace kotel::otlp
