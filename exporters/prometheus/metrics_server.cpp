#include "exporters/prometheus/metrics_server.h"

#include <httplib.h>

#include "core/fatal_error.h"
#include "exporters/common/gzip.h"

namespace kotel::prometheus {
namespace {
constexpr size_t kGzipMinBytes = 1024;  // smaller bodies are not worth the header
}  // namespace

MetricsServer::MetricsServer(const std::string& address, Render render, Ready ready)
    : server_(std::make_unique<httplib::Server>()) {
  size_t colon = address.rfind(':');
  if (colon == std::string::npos)
    throw core::FatalError("metrics address '" + address + "' has no port", "use host:port, e.g. 0.0.0.0:9477");
  std::string host = address.substr(0, colon);
  if (host.size() > 1 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  int port = 0;
  try {
    port = std::stoi(address.substr(colon + 1));
  } catch (...) {
    port = -1;
  }
  if (port < 0 || port > 65535)
    throw core::FatalError("metrics address '" + address + "' has a bad port", "use host:port, e.g. 0.0.0.0:9477");

  server_->Get("/metrics", [render](const httplib::Request& req, httplib::Response& res) {
    Format format = negotiate(req.get_header_value("Accept"));
    std::string body = render(format);
    // Prometheus asks for OpenMetrics and gzip; the text shrinks ~20x (10k
    // series: 42 MiB). httplib compresses text/* bodies itself (gzip or br)
    // but not application/openmetrics-text: that one is ours, at level 1
    // (most of the size gain for a fraction of the default level's time).
    if (format == Format::kOpenMetrics && body.size() >= kGzipMinBytes &&
        common::accepts_gzip(req.get_header_value("Accept-Encoding"))) {
      body = common::gzip_compress(body, 1);
      res.set_header("Content-Encoding", "gzip");
    }
    res.set_header("Vary", "Accept-Encoding");
    res.set_header("Content-Type", format == Format::kOpenMetrics ? kOpenMetricsContentType : kTextContentType);
    res.body = std::move(body);  // set_content would copy it
  });
  server_->Get("/healthz", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok\n", "text/plain"); });
  server_->Get("/readyz", [ready](const httplib::Request&, httplib::Response& res) {
    bool ok = ready();
    res.status = ok ? 200 : 503;
    res.set_content(ok ? "ready\n" : "not ready\n", "text/plain");
  });

  port_ = port == 0 ? server_->bind_to_any_port(host) : (server_->bind_to_port(host, port) ? port : -1);
  if (port_ <= 0)
    throw core::FatalError("cannot listen on " + address + " for /metrics",
                           "pick another --metrics-address (or 'off' to disable)");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // httplib 0.11's stop() does nothing before the accept loop runs: a server
  // stopped right after it started would never join. Wait for the loop.
  while (!server_->is_running()) std::this_thread::yield();
}

MetricsServer::~MetricsServer() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace kotel::prometheus
