#pragma once
// The protobuf wire format written by hand into one buffer that lives as long
// as its exporter: a batch is encoded straight from kotel's own records, with
// no generated message objects and, once the buffer has grown to a batch's
// size, no allocation at all. Field numbers come from otlp_fields.h.
//
// Output matches what the generated classes serialize (a unit test compares
// them byte for byte) as long as the caller writes fields in field-number
// order and follows proto3 presence: plain scalars and strings are left out
// when zero or empty (the *_field calls), oneof members, `optional` fields
// and sub-messages are written whatever their value (the *_always calls).

#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>

namespace kotel::otlp {

// Bytes a value takes as a base-128 varint (1..10).
constexpr size_t varint_size(uint64_t v) { return (64 - static_cast<size_t>(std::countl_zero(v | 1)) + 6) / 7; }

class ProtoWriter {
 public:
  enum WireType : uint32_t { kVarint = 0, kFixed64 = 1, kLen = 2, kFixed32 = 5 };

  // Where a sub-message's length goes, and how many bytes were left for it.
  struct Nested {
    size_t at;
    size_t width;
  };

  void clear() { size_ = 0; }
  std::string_view view() const { return {buf_.get(), size_}; }
  size_t size() const { return size_; }
  size_t capacity() const { return cap_; }

  void tag(uint32_t field, WireType type) { varint((static_cast<uint64_t>(field) << 3) | type); }

  void varint(uint64_t v) {
    char* p = room(10);
    while (v >= 0x80) {
      *p++ = static_cast<char>(v | 0x80);
      v >>= 7;
    }
    *p++ = static_cast<char>(v);
    size_ = static_cast<size_t>(p - buf_.get());
  }

  // uint32/uint64/int64/enum/bool: negative int64 as ten bytes, as protobuf does.
  void varint_always(uint32_t field, uint64_t v) {
    tag(field, kVarint);
    varint(v);
  }
  void varint_field(uint32_t field, uint64_t v) {
    if (v) varint_always(field, v);
  }
  void fixed64_always(uint32_t field, uint64_t v) {
    tag(field, kFixed64);
    raw(&v, 8);  // little-endian hosts only (x86-64, arm64), as the kernel side
  }
  void fixed64_field(uint32_t field, uint64_t v) {
    if (v) fixed64_always(field, v);
  }
  void fixed32_field(uint32_t field, uint32_t v) {
    if (!v) return;
    tag(field, kFixed32);
    raw(&v, 4);
  }
  void double_always(uint32_t field, double v) { fixed64_always(field, std::bit_cast<uint64_t>(v)); }

  // string and bytes.
  void bytes_always(uint32_t field, std::string_view v) {
    tag(field, kLen);
    varint(v.size());
    raw(v.data(), v.size());
  }
  void bytes_field(uint32_t field, std::string_view v) {
    if (!v.empty()) bytes_always(field, v);
  }
  void bytes_field(uint32_t field, std::span<const uint8_t> v) {
    bytes_field(field, std::string_view(reinterpret_cast<const char*>(v.data()), v.size()));
  }

  // Packed repeated fixed-width numbers; nothing when empty.
  void packed_fixed64(uint32_t field, std::span<const uint64_t> v) { packed(field, v.data(), v.size() * 8); }
  void packed_double(uint32_t field, std::span<const double> v) { packed(field, v.data(), v.size() * 8); }

  // A sub-message: begin() writes the tag and leaves `width` bytes for the
  // length (a guess: end() moves the body when the length needs more or fewer).
  Nested begin(uint32_t field, size_t width = 1) {
    tag(field, kLen);
    room(width);
    Nested n{size_, width};
    size_ += width;
    return n;
  }
  void end(Nested n);

  void raw(const void* p, size_t n) {
    std::memcpy(room(n), p, n);
    size_ += n;
  }

 private:
  // A pointer to at least `n` free bytes at the end (size_ unchanged).
  char* room(size_t n) {
    if (cap_ - size_ < n) grow(n);
    return buf_.get() + size_;
  }
  void packed(uint32_t field, const void* p, size_t bytes) {
    if (!bytes) return;
    tag(field, kLen);
    varint(bytes);
    raw(p, bytes);
  }
  void grow(size_t n);

  std::unique_ptr<char[]> buf_;
  size_t size_ = 0;
  size_t cap_ = 0;
};

}  // namespace kotel::otlp
