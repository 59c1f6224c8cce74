#include "exporters/prometheus/endpoint_connection.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace kotel::prometheus {

EndpointConnection::EndpointConnection(int fd, SSL* ssl, uint64_t id, uint64_t now_ms)
    : fd_(fd), ssl_(ssl), id_(id), opened_ms_(now_ms) {
  phase = ssl_ ? Phase::kHandshake : Phase::kHead;
}

EndpointConnection::~EndpointConnection() {
  if (ssl_) SSL_free(ssl_);  // no close_notify: the peer may be gone, and waiting is what we avoid
  ::close(fd_);
}

IoStatus EndpointConnection::tls_status(int ret) {
  switch (SSL_get_error(ssl_, ret)) {
    case SSL_ERROR_WANT_READ: return IoStatus::kWantRead;
    case SSL_ERROR_WANT_WRITE: return IoStatus::kWantWrite;
    default: return IoStatus::kClosed;
  }
}

IoStatus EndpointConnection::handshake() {
  int ret = SSL_do_handshake(ssl_);
  return ret == 1 ? IoStatus::kProgress : tls_status(ret);
}

IoStatus EndpointConnection::read_some(size_t max) {
  char buf[4096];
  while (in_.size() < max) {
    size_t want = std::min(sizeof(buf), max - in_.size());
    if (ssl_) {
      int n = SSL_read(ssl_, buf, static_cast<int>(want));
      if (n <= 0) return tls_status(n);
      in_.append(buf, static_cast<size_t>(n));
    } else {
      ssize_t n = ::recv(fd_, buf, want, 0);
      if (n == 0) return IoStatus::kClosed;
      if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? IoStatus::kWantRead : IoStatus::kClosed;
      in_.append(buf, static_cast<size_t>(n));
    }
  }
  return IoStatus::kProgress;
}

IoStatus EndpointConnection::write_some() {
  while (sent_ < out_.size()) {
    size_t left = out_.size() - sent_;
    if (ssl_) {
      int n = SSL_write(ssl_, out_.data() + sent_, static_cast<int>(std::min<size_t>(left, 1 << 20)));
      if (n <= 0) return tls_status(n);
      sent_ += static_cast<size_t>(n);
    } else {
      ssize_t n = ::send(fd_, out_.data() + sent_, left, MSG_NOSIGNAL);
      if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? IoStatus::kWantWrite : IoStatus::kClosed;
      sent_ += static_cast<size_t>(n);
    }
  }
  return IoStatus::kProgress;
}

}  // namespace kotel::prometheus
