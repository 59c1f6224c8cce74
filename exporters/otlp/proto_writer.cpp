#include "exporters/otlp/proto_writer.h"

#include <algorithm>

namespace kotel::otlp {

void ProtoWriter::end(Nested n) {
  size_t len = size_ - n.at - n.width;
  size_t need = varint_size(len);
  if (need != n.width) {  // the guess was off: slide the body to fit the length
    room(need > n.width ? need - n.width : 0);
    char* body = buf_.get() + n.at;
    std::memmove(body + need, body + n.width, len);
    size_ = size_ + need - n.width;
  }
  char* p = buf_.get() + n.at;
  for (size_t i = 0; i + 1 < need; ++i, len >>= 7) *p++ = static_cast<char>(len | 0x80);
  *p = static_cast<char>(len);
}

void ProtoWriter::grow(size_t n) {
  size_t cap = std::max({cap_ * 2, size_ + n, size_t{4096}});
  auto bigger = std::make_unique_for_overwrite<char[]>(cap);
  if (size_) std::memcpy(bigger.get(), buf_.get(), size_);
  buf_ = std::move(bigger);
  cap_ = cap;
}

}  // namespace kotel::otlp
