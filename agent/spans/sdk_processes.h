#pragma once
// Processes that already trace themselves with an OpenTelemetry SDK. kotel's
// spans for them would be a second copy of each request (--sdk-processes
// skip-spans, the default, withholds them; their metrics and network data
// stay, and their context still links the spans downstream). Only evidence
// marks a process:
//  - it sends OTLP itself: an HTTP `POST .../v1/traces` (OTLP/HTTP);
//  - it sends a request whose traceparent continues the trace of a request it
//    serves with a parent id that is neither that request's caller nor kotel's
//    span for it: the application made a span of its own.
// Forwarding the received context unchanged is not an SDK; a traceparent the
// process sends with no request of that trace in flight says nothing (a load
// generator may send fixed ones).

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace kotel::spans {

enum class SdkEvidence : uint8_t {
  kOtlpExport = 1,  // POST /v1/traces
  kOwnSpanIds = 2,  // a traceparent continuing a served request's trace with a span id of its own
};
const char* sdk_evidence_name(SdkEvidence e);  // "otlp_export" | "own_span_ids"

struct SdkProcess {
  uint32_t pid = 0;
  std::string service;
  SdkEvidence evidence = SdkEvidence::kOtlpExport;
  std::string detail;        // the request that showed it: "POST /v1/traces" or the traceparent's parent id
  uint64_t spans = 0;        // its spans since (withheld or kept, as configured)
};

class SdkProcesses {
 public:
  static constexpr size_t kMaxProcesses = 4096;

  // Marks `pid` (the first evidence stays); false when the table is full (counted).
  bool mark(uint32_t pid, const std::string& service, SdkEvidence evidence, std::string detail);
  SdkProcess* find(uint32_t pid);
  const SdkProcess* find(uint32_t pid) const;
  void forget(uint32_t pid) { by_pid_.erase(pid); }
  std::vector<SdkProcess> list() const;  // by pid
  uint64_t marked() const { return marked_; }  // processes ever marked
  uint64_t table_full() const { return table_full_; }

 private:
  std::unordered_map<uint32_t, SdkProcess> by_pid_;
  uint64_t marked_ = 0;
  uint64_t table_full_ = 0;
};

}  // namespace kotel::spans
