#pragma once
// Drives HttpSpanBuilder the way the pipeline does: connections with a
// process resource and runtime, whose stitchers are fed bytes by the test.
// Ids count up, so a test can name them.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/hex.h"
#include "spans/http_attributes.h"
#include "spans/http_span_builder.h"

namespace kotel::spans::testing_harness {
namespace http1 = protocols::http1;

// Predictable ids: trace ids 0x10.., span ids 0x20.. counting up.
struct CountingIds : IdSource {
  uint8_t next = 1;
  TraceId trace_id() override { TraceId t{}; t[0] = 0x10; t[15] = next++; return t; }
  SpanId span_id() override { SpanId s{}; s[0] = 0x20; s[7] = next++; return s; }
};

inline ingest::Endpoint v4(uint8_t last, uint16_t port) {
  ingest::Endpoint e;
  e.addr[10] = e.addr[11] = 0xff;
  e.addr[12] = 10;
  e.addr[15] = last;
  e.port = port;
  return e;
}

inline connections::Connection conn(uint32_t pid, ingest::Role role, ingest::Endpoint local, ingest::Endpoint remote) {
  connections::Connection c;
  c.key = {pid, 5, pid * 100ull};
  c.role = role;
  c.tuple_known = true;
  c.tuple.local = local;
  c.tuple.remote = remote;
  return c;
}

struct Harness {
  CountingIds ids;
  std::vector<Span> spans;
  HttpSpanBuilder builder;
  http1::StitchStats stats;
  explicit Harness(SpanSettings s = {})
      : builder(std::move(s), ids, core::MonotonicToRealtime(1'000'000'000'000),
                [this](Span&& s) {
                  render_attributes(s);
                  spans.push_back(std::move(s));
                }) {}
};

// Drives one connection's stitcher through a harness's builder.
struct Side {
  Harness& h;
  connections::Connection c;
  http1::Stitcher st;
  std::shared_ptr<const Resource> resource;
  discovery::Runtime runtime = discovery::Runtime::kNative;
  Side(Harness& h, connections::Connection c)
      : h(h), c(c), st(c.role == ingest::Role::kServer ? http1::RequestSide::kIngress : http1::RequestSide::kEgress,
                        &h.stats) {
    auto r = std::make_shared<Resource>();
    r->service_name = "svc" + std::to_string(c.key.pid);
    r->pid = c.key.pid;
    resource = r;
  }
  void seg(bool egress, std::string_view bytes, uint64_t ts, uint32_t tid) {
    h.builder.set_connection(&c, &resource, runtime);
    st.on_segment(egress, http1::Segment{ts, tid, bytes.size(), bytes, 0}, h.builder);
  }
};

template <size_t N>
std::string hex(const std::array<uint8_t, N>& id) {
  return core::to_hex(id);
}

inline const Span* find(const std::vector<Span>& spans, SpanKind kind, uint32_t pid) {
  for (const auto& s : spans)
    if (s.kind == kind && s.resource && s.resource->pid == pid) return &s;
  return nullptr;
}

inline std::string str_attr(const Span& s, std::string_view key) {
  const auto* v = s.attribute(key);
  return v && std::holds_alternative<std::string>(*v) ? std::get<std::string>(*v) : std::string("<none>");
}
inline int64_t int_attr(const Span& s, std::string_view key) {
  const auto* v = s.attribute(key);
  return v && std::holds_alternative<int64_t>(*v) ? std::get<int64_t>(*v) : -1;
}

}  // namespace kotel::spans::testing_harness
