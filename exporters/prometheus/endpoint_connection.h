#pragma once
// One client connection of the metrics endpoint: a non-blocking socket, TLS
// or not, with what it has read and what it still has to send. Owns the fd
// and the TLS session (closed and freed with it).

#include <openssl/ssl.h>

#include <cstdint>
#include <string>

namespace kotel::prometheus {

enum class IoStatus { kProgress, kWantRead, kWantWrite, kClosed };

class EndpointConnection {
 public:
  enum class Phase { kHandshake, kHead, kRendering, kWriting };

  EndpointConnection(int fd, SSL* ssl, uint64_t id, uint64_t now_ms);
  ~EndpointConnection();
  EndpointConnection(const EndpointConnection&) = delete;
  EndpointConnection& operator=(const EndpointConnection&) = delete;

  // TLS: drives the handshake; kProgress once it is done.
  IoStatus handshake();
  // Appends what arrived (at most `max` bytes in all) to in(); kClosed on EOF or error.
  IoStatus read_some(size_t max);
  // Sends from out(); kProgress once all of it left.
  IoStatus write_some();

  int fd() const { return fd_; }
  uint64_t id() const { return id_; }
  uint64_t opened_ms() const { return opened_ms_; }
  Phase phase = Phase::kHead;
  uint64_t deadline_ms = 0;  // of the current phase; 0: none
  IoStatus waiting = IoStatus::kWantRead;  // what the last call needs to go on
  std::string& in() { return in_; }
  void respond(std::string bytes) {
    out_ = std::move(bytes);
    sent_ = 0;
  }

 private:
  IoStatus tls_status(int ret);
  int fd_;
  SSL* ssl_;
  uint64_t id_, opened_ms_;
  std::string in_, out_;
  size_t sent_ = 0;
};

}  // namespace kotel::prometheus
