#pragma once
// KeyValue and AnyValue on the wire, for every signal's attributes. The
// lengths are known before writing, so nothing is back-patched: an attribute
// is a few tags, two lengths and two copies.

#include <cstdint>
#include <string_view>

#include "exporters/otlp/otlp_fields.h"
#include "exporters/otlp/proto_writer.h"
#include "model/attribute.h"
#include "spans/http_attributes.h"

namespace kotel::otlp {

namespace detail {
constexpr size_t len_field_size(size_t n) { return 1 + varint_size(n) + n; }  // one-byte tag

// KeyValue { key, value: AnyValue { <one member of `any_size` bytes> } }
inline void key_value_head(ProtoWriter& w, uint32_t field, std::string_view key, size_t any_size) {
  size_t kv = (key.empty() ? 0 : len_field_size(key.size())) + len_field_size(any_size);
  w.tag(field, ProtoWriter::kLen);
  w.varint(kv);
  w.bytes_field(field::key_value::kKey, key);  // an empty key is left out, as protobuf does
  w.tag(field::key_value::kValue, ProtoWriter::kLen);
  w.varint(any_size);
}
}  // namespace detail

// The AnyValue member is written even when empty or zero: it is a oneof.
inline void key_value(ProtoWriter& w, uint32_t field, std::string_view key, std::string_view value) {
  detail::key_value_head(w, field, key, detail::len_field_size(value.size()));
  w.bytes_always(field::any_value::kStringValue, value);
}
inline void key_value(ProtoWriter& w, uint32_t field, std::string_view key, int64_t value) {
  auto v = static_cast<uint64_t>(value);
  detail::key_value_head(w, field, key, 1 + varint_size(v));
  w.varint_always(field::any_value::kIntValue, v);
}
inline void key_value_bool(ProtoWriter& w, uint32_t field, std::string_view key, bool value) {
  detail::key_value_head(w, field, key, 2);
  w.varint_always(field::any_value::kBoolValue, value ? 1 : 0);
}
inline void key_value_double(ProtoWriter& w, uint32_t field, std::string_view key, double value) {
  detail::key_value_head(w, field, key, 9);
  w.double_always(field::any_value::kDoubleValue, value);
}
void key_value(ProtoWriter& w, uint32_t field, const model::Attribute& a);

// An HTTP span's attributes as they are rendered, each straight to the wire.
class KeyValueSink final : public spans::AttributeSink {
 public:
  KeyValueSink(ProtoWriter& w, uint32_t field) : w_(w), field_(field) {}
  void text(std::string_view k, std::string_view v) override { key_value(w_, field_, k, v); }
  void number(std::string_view k, int64_t v) override { key_value(w_, field_, k, v); }
  void flag(std::string_view k, bool v) override { key_value_bool(w_, field_, k, v); }

 private:
  ProtoWriter& w_;
  uint32_t field_;
};

}  // namespace kotel::otlp
