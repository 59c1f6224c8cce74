#pragma once
// The loaded OpenSSL uprobe programs: one entry program per function, one
// return program for all four (the entry records which call it was).

#include <array>

struct bpf_program;

namespace kotel::probes::tls {

struct TlsPrograms {
  bpf_program* ssl_write = nullptr;
  bpf_program* ssl_read = nullptr;
  bpf_program* ssl_write_ex = nullptr;
  bpf_program* ssl_read_ex = nullptr;
  bpf_program* ssl_return = nullptr;
  std::array<bpf_program*, 5> all() const { return {ssl_write, ssl_read, ssl_write_ex, ssl_read_ex, ssl_return}; }
};

}  // namespace kotel::probes::tls
