#pragma once
// Trace and span ids from the kernel's random source (getrandom), drawn in
// blocks so an id costs a copy, not a syscall. Ids are never all zero (OTel
// treats all-zero as invalid).

#include <array>
#include <cstddef>
#include <cstdint>

#include "spans/span.h"

namespace kotel::spans {

class IdSource {
 public:
  virtual ~IdSource() = default;
  virtual TraceId trace_id() = 0;
  virtual SpanId span_id() = 0;
};

class RandomIdSource final : public IdSource {
 public:
  TraceId trace_id() override;
  SpanId span_id() override;

 private:
  void fill(uint8_t* out, size_t n);
  std::array<uint8_t, 4096> pool_{};
  size_t used_ = sizeof(pool_);
};

}  // namespace kotel::spans
