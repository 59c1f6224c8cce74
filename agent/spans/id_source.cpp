#include "spans/id_source.h"

#include <sys/random.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace kotel::spans {

void RandomIdSource::fill(uint8_t* out, size_t n) {
  while (true) {
    if (used_ + n > pool_.size()) {
      size_t got = 0;
      while (got < pool_.size()) {
        ssize_t r = getrandom(pool_.data() + got, pool_.size() - got, 0);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;  // cannot happen after boot; ids stay unique-ish from the old pool
        got += static_cast<size_t>(r);
      }
      used_ = 0;
    }
    std::memcpy(out, pool_.data() + used_, n);
    used_ += n;
    if (std::any_of(out, out + n, [](uint8_t b) { return b != 0; })) return;
  }
}

TraceId RandomIdSource::trace_id() {
  TraceId id;
  fill(id.data(), id.size());
  return id;
}

SpanId RandomIdSource::span_id() {
  SpanId id;
  fill(id.data(), id.size());
  return id;
}

}  // namespace kotel::spans
