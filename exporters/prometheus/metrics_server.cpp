#include "exporters/prometheus/metrics_server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include "core/fatal_error.h"
#include "exporters/common/gzip.h"
#include "exporters/prometheus/endpoint_connection.h"
#include "exporters/prometheus/http_request.h"
#include "exporters/prometheus/tls_context.h"
#include "exporters/prometheus/web_config.h"

namespace kotel::prometheus {
namespace {

constexpr size_t kGzipMinBytes = 1024;  // smaller bodies are not worth the header
constexpr size_t kMaxQueuedRenders = 4;  // scrapes waiting for the render thread; more get 503

uint64_t now_ms() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

std::string response(int status, const char* reason, std::string_view content_type, std::string_view body,
                     bool head_only, std::string_view extra_headers = {}) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\nContent-Type: ";
  out.append(content_type).append("\r\nContent-Length: ").append(std::to_string(body.size()));
  out.append("\r\nConnection: close\r\n").append(extra_headers).append("\r\n");
  if (!head_only) out.append(body);
  return out;
}

struct Address {
  std::string host;
  int port = -1;
};

Address parse_address(const std::string& address) {
  size_t colon = address.rfind(':');
  if (colon == std::string::npos)
    throw core::ConfigError("metrics address '" + address + "' has no port (use host:port, e.g. 127.0.0.1:9477)");
  Address a;
  a.host = address.substr(0, colon);
  if (a.host.size() > 1 && a.host.front() == '[' && a.host.back() == ']') a.host = a.host.substr(1, a.host.size() - 2);
  std::string port = address.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port) > 65535)
    throw core::ConfigError("metrics address '" + address + "' has a bad port (use host:port, e.g. 127.0.0.1:9477)");
  a.port = std::stoi(port);
  return a;
}

int listen_on(const Address& a, const std::string& address, int* bound_port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* res = nullptr;
  std::string port = std::to_string(a.port);
  int rc = getaddrinfo(a.host.empty() ? nullptr : a.host.c_str(), port.c_str(), &hints, &res);
  if (rc != 0)
    throw core::ConfigError("metrics address '" + address + "': " + gai_strerror(rc));
  int fd = -1, err = 0;
  for (addrinfo* ai = res; ai && fd < 0; ai = ai->ai_next) {
    fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) continue;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (::bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || ::listen(fd, 128) != 0) {
      err = errno;
      ::close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(res);
  if (fd < 0)
    throw core::FatalError("cannot listen on " + address + " for /metrics: " + strerror(err),
                           "pick another --metrics-address (or 'off' to disable)");
  sockaddr_storage ss{};
  socklen_t len = sizeof(ss);
  getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  *bound_port = ntohs(ss.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port
                                               : reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
  return fd;
}

}  // namespace

class MetricsServer::Loop {
 public:
  Loop(EndpointOptions options, Render render, Ready ready)
      : options_(std::move(options)), render_(std::move(render)), ready_(std::move(ready)) {
    if (!options_.web_config_file.empty()) {
      auto cfg = load_web_config(options_.web_config_file);
      if (!cfg) throw core::ConfigError(cfg.error());
      web_ = std::move(cfg.value());
      if (web_.tls_enabled) tls_ = std::make_unique<TlsContext>(web_.tls);
    }
    listen_fd_ = listen_on(parse_address(options_.address), options_.address, &port_);
    wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    io_ = std::thread([this] { run(); });
    renderer_ = std::thread([this] { render_jobs(); });
  }

  ~Loop() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    jobs_cv_.notify_all();
    wake();
    io_.join();
    renderer_.join();
    conns_.clear();
    ::close(listen_fd_);
    ::close(wake_fd_);
  }

  int port() const { return port_; }
  bool tls() const { return tls_ != nullptr; }
  EndpointStats stats_;

 private:
  struct Job {
    uint64_t conn;
    Format format;
    bool gzip;
    bool head_only;
    std::string authorization;
  };

  void wake() {
    uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_fd_, &one, sizeof(one));
  }

  // The render thread: basic auth (bcrypt is slow: never on the I/O thread)
  // and the render itself, one scrape at a time.
  void render_jobs() {
    for (;;) {
      Job job;
      {
        std::unique_lock lock(mu_);
        jobs_cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (stopping_) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      std::string out;
      if (!authorized(job.authorization)) {
        ++stats_.unauthorized;
        out = response(401, "Unauthorized", "text/plain", "unauthorized\n", job.head_only,
                       "WWW-Authenticate: Basic realm=\"kotel\"\r\n");
      } else {
        std::string body = render_(job.format);
        std::string headers = "Vary: Accept-Encoding\r\n";
        if (job.gzip && body.size() >= kGzipMinBytes) {
          body = common::gzip_compress(body, 1);  // level 1: most of the size gain, a fraction of the time
          headers += "Content-Encoding: gzip\r\n";
        }
        out = response(200, "OK", job.format == Format::kOpenMetrics ? kOpenMetricsContentType : kTextContentType,
                       body, job.head_only, headers);
      }
      {
        std::lock_guard lock(mu_);
        done_.emplace_back(job.conn, std::move(out));
      }
      wake();
    }
  }

  bool authorized(const std::string& header) {
    if (web_.users.empty()) return true;
    if (auth_cache_.count(header)) return true;
    if (!basic_auth_ok(web_, header)) return false;
    if (auth_cache_.size() >= 16) auth_cache_.clear();
    auth_cache_.insert(header);
    return true;
  }

  void accept_all() {
    for (;;) {
      int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) return;  // EAGAIN, or a transient error: poll again
      if (conns_.size() >= options_.max_connections && !shed_oldest_head()) {
        ::close(fd);  // every slot is serving a request: this one waits for none
        ++stats_.shed;
        continue;
      }
      SSL* ssl = nullptr;
      if (tls_ && !(ssl = tls_->session(fd))) {
        ::close(fd);
        ++stats_.bad_requests;
        continue;
      }
      uint64_t id = next_id_++;
      auto c = std::make_unique<EndpointConnection>(fd, ssl, id, now_ms());
      c->deadline_ms = now_ms() + static_cast<uint64_t>(options_.head_timeout.count());
      conns_.emplace(id, std::move(c));
    }
  }

  // At the cap, the oldest connection still sending its head makes room: a
  // client that has not asked for anything yet, likely one that never will.
  bool shed_oldest_head() {
    auto oldest = conns_.end();
    for (auto it = conns_.begin(); it != conns_.end(); ++it) {
      auto phase = it->second->phase;
      if (phase != EndpointConnection::Phase::kHead && phase != EndpointConnection::Phase::kHandshake) continue;
      if (oldest == conns_.end() || it->second->opened_ms() < oldest->second->opened_ms()) oldest = it;
    }
    if (oldest == conns_.end()) return false;
    conns_.erase(oldest);
    ++stats_.shed;
    return true;
  }

  void start_writing(EndpointConnection& c, std::string bytes) {
    ++stats_.requests;
    c.respond(std::move(bytes));
    c.phase = EndpointConnection::Phase::kWriting;
    c.deadline_ms = now_ms() + static_cast<uint64_t>(options_.write_timeout.count());
    c.waiting = IoStatus::kWantWrite;
  }

  void route(EndpointConnection& c, const HttpRequest& req) {
    bool head_only = req.method == "HEAD";
    if (req.method != "GET" && !head_only) {
      start_writing(c, response(405, "Method Not Allowed", "text/plain", "GET or HEAD\n", false, "Allow: GET, HEAD\r\n"));
      return;
    }
    if (req.path == "/healthz") return start_writing(c, response(200, "OK", "text/plain", "ok\n", head_only));
    if (req.path == "/readyz") {
      bool ok = !ready_ || ready_();
      return start_writing(c, response(ok ? 200 : 503, ok ? "OK" : "Service Unavailable", "text/plain",
                                       ok ? "ready\n" : "not ready\n", head_only));
    }
    if (req.path != "/metrics") return start_writing(c, response(404, "Not Found", "text/plain", "not found\n", head_only));
    std::lock_guard lock(mu_);
    if (jobs_.size() >= kMaxQueuedRenders)
      return start_writing(c, response(503, "Service Unavailable", "text/plain", "busy: scrapes queued\n", head_only,
                                       "Retry-After: 1\r\n"));
    Format format = negotiate(req.accept);
    jobs_.push_back({c.id(), format, common::accepts_gzip(req.accept_encoding), head_only, req.authorization});
    c.phase = EndpointConnection::Phase::kRendering;
    c.deadline_ms = 0;  // the render takes what it takes; the response then has write_timeout
    jobs_cv_.notify_one();
  }

  // Moves a connection on as far as it goes; false: close it.
  bool progress(EndpointConnection& c) {
    using Phase = EndpointConnection::Phase;
    if (c.phase == Phase::kHandshake) {
      IoStatus s = c.handshake();
      if (s == IoStatus::kClosed) {
        ++stats_.bad_requests;
        return false;
      }
      if (s != IoStatus::kProgress) {
        c.waiting = s;
        return true;
      }
      c.phase = Phase::kHead;
    }
    if (c.phase == Phase::kHead) {
      IoStatus s = c.read_some(kMaxRequestHead + 1);
      size_t end = request_head_end(c.in());
      if (end == std::string::npos) {
        if (c.in().size() > kMaxRequestHead) {
          ++stats_.bad_requests;
          start_writing(c, response(431, "Request Header Fields Too Large", "text/plain", "head too large\n", false));
        } else if (s == IoStatus::kClosed) {
          return false;
        } else {
          c.waiting = s == IoStatus::kWantWrite ? s : IoStatus::kWantRead;
          return true;
        }
      } else {
        auto req = parse_request_head(std::string_view(c.in()).substr(0, end));
        if (!req) {
          ++stats_.bad_requests;
          start_writing(c, response(400, "Bad Request", "text/plain", "bad request\n", false));
        } else {
          route(c, req.value());
        }
      }
    }
    if (c.phase == Phase::kRendering) return true;
    IoStatus s = c.write_some();
    if (s == IoStatus::kProgress || s == IoStatus::kClosed) return false;  // sent (or the client left): close
    c.waiting = s;
    return true;
  }

  void collect_renders() {
    std::deque<std::pair<uint64_t, std::string>> done;
    {
      std::lock_guard lock(mu_);
      done.swap(done_);
    }
    for (auto& [id, bytes] : done) {
      auto it = conns_.find(id);
      if (it == conns_.end()) continue;  // the client left meanwhile
      start_writing(*it->second, std::move(bytes));
      if (!progress(*it->second)) conns_.erase(it);
    }
  }

  void expire(uint64_t now) {
    for (auto it = conns_.begin(); it != conns_.end();) {
      if (it->second->deadline_ms && now >= it->second->deadline_ms) {
        ++stats_.timed_out;
        it = conns_.erase(it);
      } else {
        ++it;
      }
    }
  }

  void run() {
    std::vector<pollfd> fds;
    std::vector<uint64_t> ids;
    for (;;) {
      {
        std::lock_guard lock(mu_);
        if (stopping_) return;
      }
      uint64_t now = now_ms();
      expire(now);
      int timeout = 1000;
      fds.assign({{listen_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}});
      ids.clear();
      for (auto& [id, c] : conns_) {
        if (c->deadline_ms) timeout = std::min<int>(timeout, static_cast<int>(c->deadline_ms > now ? c->deadline_ms - now : 0));
        if (c->phase == EndpointConnection::Phase::kRendering) continue;
        fds.push_back({c->fd(), static_cast<short>(c->waiting == IoStatus::kWantWrite ? POLLOUT : POLLIN), 0});
        ids.push_back(id);
      }
      if (::poll(fds.data(), fds.size(), timeout) < 0 && errno != EINTR) return;
      if (fds[1].revents) {
        uint64_t n;
        [[maybe_unused]] ssize_t r = ::read(wake_fd_, &n, sizeof(n));
        collect_renders();
      }
      for (size_t i = 2; i < fds.size(); ++i) {
        if (!fds[i].revents) continue;
        auto it = conns_.find(ids[i - 2]);
        if (it != conns_.end() && !progress(*it->second)) conns_.erase(it);
      }
      if (fds[0].revents) accept_all();
    }
  }

  EndpointOptions options_;
  Render render_;
  Ready ready_;
  WebConfig web_;
  std::unique_ptr<TlsContext> tls_;
  int listen_fd_ = -1, wake_fd_ = -1, port_ = 0;
  std::map<uint64_t, std::unique_ptr<EndpointConnection>> conns_;  // I/O thread only
  uint64_t next_id_ = 1;
  std::set<std::string> auth_cache_;  // render thread only: Authorization values already checked

  std::mutex mu_;
  std::condition_variable jobs_cv_;
  std::deque<Job> jobs_;                                   // under mu_
  std::deque<std::pair<uint64_t, std::string>> done_;      // under mu_
  bool stopping_ = false;                                  // under mu_
  std::thread io_, renderer_;
};

MetricsServer::MetricsServer(EndpointOptions options, Render render, Ready ready)
    : loop_(std::make_unique<Loop>(std::move(options), std::move(render), std::move(ready))) {}

MetricsServer::~MetricsServer() = default;

int MetricsServer::port() const { return loop_->port(); }
bool MetricsServer::tls() const { return loop_->tls(); }
const EndpointStats& MetricsServer::stats() const { return loop_->stats_; }

}  // namespace kotel::prometheus
