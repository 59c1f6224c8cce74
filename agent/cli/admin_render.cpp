#include "cli/admin_render.h"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>

#include "cli/text_table.h"

namespace kotel::cli {
namespace {

using google::protobuf::FieldDescriptor;

nlohmann::json field_value(const google::protobuf::Message& m, const FieldDescriptor* f, int i) {
  const auto* r = m.GetReflection();
  bool rep = f->is_repeated();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: return rep ? r->GetRepeatedInt32(m, f, i) : r->GetInt32(m, f);
    case FieldDescriptor::CPPTYPE_INT64: return rep ? r->GetRepeatedInt64(m, f, i) : r->GetInt64(m, f);
    case FieldDescriptor::CPPTYPE_UINT32: return rep ? r->GetRepeatedUInt32(m, f, i) : r->GetUInt32(m, f);
    case FieldDescriptor::CPPTYPE_UINT64: return rep ? r->GetRepeatedUInt64(m, f, i) : r->GetUInt64(m, f);
    case FieldDescriptor::CPPTYPE_DOUBLE: return rep ? r->GetRepeatedDouble(m, f, i) : r->GetDouble(m, f);
    case FieldDescriptor::CPPTYPE_FLOAT: return rep ? r->GetRepeatedFloat(m, f, i) : r->GetFloat(m, f);
    case FieldDescriptor::CPPTYPE_BOOL: return rep ? r->GetRepeatedBool(m, f, i) : r->GetBool(m, f);
    case FieldDescriptor::CPPTYPE_STRING: return rep ? r->GetRepeatedString(m, f, i) : r->GetString(m, f);
    case FieldDescriptor::CPPTYPE_ENUM:
      return rep ? r->GetRepeatedEnum(m, f, i)->name() : r->GetEnum(m, f)->name();
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return to_json(rep ? r->GetRepeatedMessage(m, f, i) : r->GetMessage(m, f));
  }
  return nullptr;
}

std::string clock_text(uint64_t unix_ns) {
  time_t secs = static_cast<time_t>(unix_ns / 1'000'000'000);
  tm t{};
  localtime_r(&secs, &t);
  return fmt::format("{:02}:{:02}:{:02}.{:03}", t.tm_hour, t.tm_min, t.tm_sec, unix_ns / 1'000'000 % 1000);
}

}  // namespace

nlohmann::json to_json(const google::protobuf::Message& m) {
  nlohmann::json out = nlohmann::json::object();
  const auto* d = m.GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (!f->is_repeated()) {
      out[f->name()] = field_value(m, f, 0);
      continue;
    }
    nlohmann::json list = nlohmann::json::array();
    for (int k = 0; k < m.GetReflection()->FieldSize(m, f); ++k) list.push_back(field_value(m, f, k));
    out[f->name()] = std::move(list);
  }
  return out;
}

std::string render_status(const v1::StatusReply& s) {
  std::string out = fmt::format(
      "kotel {} ({}), agent pid {}, up {}s\n"
      "kernel {}, transport {}, io hooks {}\n"
      "hooks: {} attached, {} failed, {} disabled (see `kotel probes`)\n"
      "events: {} records ({:.1f}/s), {} spans ({:.1f}/s), {} connections tracked ({} HTTP)\n"
      "memory: {} resident; {} spans kept for `kotel explain`\n",
      s.version(), s.git_revision(), s.agent_pid(), s.uptime_s(), s.kernel_release(), s.transport(), s.io_hooks(),
      s.hooks_attached(), s.hooks_failed(), s.hooks_disabled(), s.records(), s.records_per_s(), s.spans(),
      s.spans_per_s(), s.tracked_connections(), s.http_connections(), human_bytes(s.rss_bytes()), s.span_history());
  std::string drops;
  for (const auto& d : s.drops())
    if (d.value()) drops += fmt::format(" {}={}", d.name(), d.value());
  out += "drops:" + (drops.empty() ? std::string(" none") : drops) + "\n";
  for (const auto& p : s.sdk_processes())
    out += fmt::format("sdk process: pid {} ({}) exports its own spans ({}: {}); {} of its spans {}\n", p.pid(),
                       p.service().empty() ? "?" : p.service(), p.evidence(), p.detail(), p.spans(),
                       s.sdk_spans_withheld() ? "withheld (--sdk-processes skip-spans)" : "kept (--sdk-processes keep)");
  if (s.exports().empty()) out += "export: none configured (console only)\n";
  for (const auto& e : s.exports()) {
    out += fmt::format("export {} via {}: offered={} exported={} dropped={} failures={} queued={}", e.signal(),
                       e.exporter(), e.offered(), e.exported(), e.dropped(), e.failures(), e.queued());
    if (e.queue_limit_bytes())
      out += fmt::format(" ({:.1f} of {:.0f} MiB, {:.0f}%)", static_cast<double>(e.queued_bytes()) / (1 << 20),
                         static_cast<double>(e.queue_limit_bytes()) / (1 << 20),
                         100.0 * static_cast<double>(e.queued_bytes()) / static_cast<double>(e.queue_limit_bytes()));
    if (e.signal() == "metrics") out += " (snapshots, each carrying every total: a failure loses none)";
    if (!e.last_error().empty())
      out += fmt::format("\n  last error at {}: {}", clock_text(e.last_error_unix_ns()), e.last_error());
    out += "\n";
  }
  return out;
}

std::string render_probes(const v1::ProbesReply& p) {
  TextTable t({"HOOK", "PROGRAM", "STATE", "REQUIRED", "RUNS", "AVG_NS", "FEATURE / WHY NOT"});
  for (const auto& h : p.hooks()) {
    std::string runs = p.run_stats() ? std::to_string(h.runs()) : "-";
    std::string avg = p.run_stats() ? std::to_string(h.avg_run_ns()) : "-";
    t.add({h.hook(), h.program(), h.state(), h.required() ? "yes" : "no", runs, avg,
           h.reason().empty() ? h.feature() : h.feature() + ": " + h.reason()});
  }
  std::string out = t.render();
  if (!p.run_stats()) out += "(runs and run time: start the agent with --bpf-stats)\n";
  std::string counters;
  for (const auto& c : p.kernel_counters()) counters += fmt::format(" {}={}", c.name(), c.value());
  out += "kernel counters:" + counters + "\n";
  if (p.user_probes().empty()) return out;
  TextTable u({"PROBE", "TARGET", "STATE", "CALLS", "RATE_DROPPED", "NESTED", "READ_FAULTS"});
  for (const auto& x : p.user_probes())
    u.add({x.name(), x.target(), x.attached() ? "attached" : "detached", std::to_string(x.hits()),
           std::to_string(x.rate_dropped()), std::to_string(x.nested()), std::to_string(x.read_faults())});
  return out + "user probes (config probes:):\n" + u.render();
}

std::string render_conns(const v1::ConnsReply& c) {
  TextTable t({"PID", "FD", "SERVICE", "ROLE", "LOCAL", "REMOTE", "PROTO", "OUT", "IN", "AGE", "GAPS"});
  for (const auto& x : c.conns())
    t.add({std::to_string(x.pid()), std::to_string(x.fd()), x.service().empty() ? "-" : x.service(), x.role(),
           x.local().empty() ? "?" : x.local(), x.remote().empty() ? "?" : x.remote(),
           x.protocol() + (x.closed() ? " (closed)" : ""), human_bytes(x.bytes_out()), human_bytes(x.bytes_in()),
           human_duration(x.age_ms() * 1'000'000),
           x.gaps() ? fmt::format("{} ({}B)", x.gaps(), x.gap_bytes()) : "0"});
  return t.render() + fmt::format("{} of {} tracked connections\n", c.conns_size(), c.tracked());
}

std::string span_line(const v1::SpanRecord& s) {
  std::string status = s.status() == "error" ? "ERROR" : "ok";
  if (s.http_status()) status += fmt::format(" {}", s.http_status());
  return fmt::format("{} {} {} {} {} {} trace={} span={} parent={} ({})", clock_text(s.start_unix_ns()), s.service(),
                     s.kind(), human_duration(s.duration_ns()), status, s.name(), s.trace_id(), s.span_id(),
                     s.parent_span_id().empty() ? "-" : s.parent_span_id(), s.parent_source());
}

std::string missed_line(uint64_t n, std::string_view noun, std::string_view counter) {
  return fmt::format("-- {} {}{} missed: this view fell behind the agent (counted in `kotel status` as {})", n, noun,
                     n == 1 ? "" : "s", counter);
}

namespace {

// Why the thread that sent a client request was not asked for its parent.
std::string thread_rule_off_text(const v1::SpanRecord& s) {
  const std::string& off = s.thread_rule_off();
  if (off == "multiplexing_thread")
    return fmt::format("  - thread {} was seen serving two requests at once (an event loop): with one in flight, "
                       "a call from a timer or another task would take it as parent, so the thread is not asked",
                       s.tid());
  std::string runtime = off.substr(0, off.find('_'));
  return fmt::format("  - the process runs {} ({}): its tasks share threads, so the thread serving a request "
                     "does not say whose call this is; not asked",
                     runtime == "go" ? "Go" : runtime == "node" ? "Node" : runtime == "beam" ? "the BEAM" : runtime,
                     runtime == "node" ? "one event loop serves every request" : "tasks scheduled M:N on threads");
}

}  // namespace

std::vector<std::string> explain_parent(const v1::SpanRecord& s) {
  std::vector<std::string> why;
  bool header = !s.context_format().empty() && s.context_format() != "none";
  const std::string& src = s.parent_source();
  if (src == "header" && s.parent_by_trace()) {
    why.push_back("parent: the request this process was serving in the same trace (the " +
                  (header ? s.context_format() : std::string("context")) +
                  " header it sent continued that trace, and it was the only such request in flight)");
  } else if (src == "header") {
    why.push_back(header ? "parent from the " + s.context_format() + " context header on the request"
                         : std::string("parent from a context header on the request"));
  } else if (src == "thread") {
    why.push_back("parent: the server request thread " + std::to_string(s.tid()) +
                  " was serving (the only one) when it sent this request");
  } else if (src == "tuple") {
    why.push_back("parent: the client span on the other end of this connection (" + s.remote() + " -> " +
                  s.local() + "), both ends on this host");
  } else {
    why.push_back("no parent: a root span, because no evidence of a caller was found:");
    why.push_back(header ? "  - the context header was present but named no usable parent"
                         : "  - no context header (traceparent, b3, uber-trace-id) on the request");
    if (s.kind() == "client") {
      if (!s.thread_rule_off().empty())
        why.push_back(thread_rule_off_text(s));
      else if (s.parent_candidates() > 1)
        why.push_back(fmt::format("  - thread {} was serving {} requests at once (an event loop?): any pick could be "
                                  "wrong, so none was taken",
                                  s.tid(), s.parent_candidates()));
      else
        why.push_back(fmt::format("  - thread {} was serving no server request when it sent this one", s.tid()));
    } else if (!s.tuple_known()) {
      why.push_back("  - the connection's addresses were unknown (tracked from mid-stream)");
    } else {
      why.push_back("  - no same-host peer: no client span on this host sent a request on " + s.remote() + " -> " +
                    s.local() + " (the caller is remote or untraced)");
    }
  }
  return why;
}

std::string render_explain(const std::string& id, const v1::ExplainReply& r) {
  if (r.spans().empty())
    return fmt::format(
        "{} was not seen by this agent in its last {} spans (it keeps up to {}). Possible reasons:\n"
        "  - the span is older than that history, or was made by another agent/host\n"
        "  - the traffic was not captured: a filter (--pid, --port, --cgroup), or a protocol kotel does not parse "
        "(TLS, HTTP/2)\n"
        "  - the request head was lost (see drops in `kotel status`: transport_lost, http_unusable_heads)\n"
        "  - the id is a parent that kotel received in a header but did not make itself\n",
        id, r.searched(), r.history_capacity());
  std::string out;
  for (const auto& s : r.spans()) {
    out += span_line(s) + "\n";
    for (const auto& w : explain_parent(s)) out += "  " + w + "\n";
    std::string loss;
    if (!s.connection_found()) loss = "connection no longer tracked when the span ended (losses unknown)";
    else if (s.gaps_in() + s.gaps_out() == 0) loss = "none on the connection";
    else
      loss = fmt::format("{} gaps in ({} bytes), {} gaps out ({} bytes) on the connection", s.gaps_in(),
                         s.gap_bytes_in(), s.gaps_out(), s.gap_bytes_out());
    if (s.request_truncated()) loss += "; request head cut by the capture (some headers missing)";
    if (s.response_truncated()) loss += "; response head cut by the capture";
    if (s.body_lost()) loss += "; body framing lost";
    if (s.no_response()) loss += "; no response before the connection ended";
    out += "  data loss: " + loss + "\n";
    if (s.withheld() == "sampled_out")
      out += "  exported: no, head sampling left its trace out (OTEL_TRACES_SAMPLER; RED metrics count it)\n";
    else if (s.withheld() == "sdk_process")
      out += "  exported: no, its process exports its own spans with an OpenTelemetry SDK (--sdk-processes "
             "skip-spans; see `kotel status`)\n";
    out += fmt::format("  connection: {} -> {} (pid {}, thread {})\n", s.local().empty() ? "?" : s.local(),
                       s.remote().empty() ? "?" : s.remote(), s.pid(), s.tid());
    out += fmt::format("  request ({} of {} bytes): {}\n", std::min<uint64_t>(s.request_head_bytes(), 256),
                       s.request_head_bytes(), s.request_head());
  }
  return out;
}

bool valid_top_sort(const std::string& key) {
  for (const char* k : {"service", "rps", "errors", "p50", "p99", "in", "out"})
    if (key == k) return true;
  return false;
}

void sort_top(v1::TopFrame& f, const std::string& key) {
  auto value = [&](const v1::ServiceRow& r) -> double {
    if (key == "errors") return r.error_pct();
    if (key == "p50") return r.p50_ms();
    if (key == "p99") return r.p99_ms();
    if (key == "in") return static_cast<double>(r.bytes_in());
    if (key == "out") return static_cast<double>(r.bytes_out());
    return r.requests_per_s();
  };
  auto* rows = f.mutable_rows();
  std::stable_sort(rows->begin(), rows->end(), [&](const v1::ServiceRow& a, const v1::ServiceRow& b) {
    if (key == "service") return a.service() < b.service();
    return value(a) > value(b);
  });
}

std::string render_top(const v1::TopFrame& f, const std::string& sort_key) {
  TextTable t({"SERVICE", "REQ/S", "ERR%", "P50", "P99", "IN", "OUT"});
  for (const auto& r : f.rows())
    t.add({r.service(), fmt::format("{:.1f}", r.requests_per_s()), fmt::format("{:.1f}", r.error_pct()),
           fmt::format("{:.1f}ms", r.p50_ms()), fmt::format("{:.1f}ms", r.p99_ms()), human_bytes(r.bytes_in()),
           human_bytes(r.bytes_out())});
  return t.render() + fmt::format("window {} ms, sorted by {}, {} spans missed (view fell behind)\n", f.window_ms(),
                                  sort_key, f.dropped());
}

}  // namespace kotel::cli
