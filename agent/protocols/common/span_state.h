#pragma once
// What a later stage (the span builder) attaches to a request when it starts
// (ids, parent, trace) and reads back when the exchange ends. Protocol stages
// carry it without knowing what it holds.

namespace kotel::protocols {

class SpanState {
 public:
  virtual ~SpanState() = default;
};

}  // namespace kotel::protocols
