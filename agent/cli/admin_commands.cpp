#include "cli/admin_commands.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "cli/admin_client.h"
#include "cli/admin_render.h"
#include "cli/top_screen.h"
#include "config/config.h"

namespace kotel::cli {
namespace {

void common_options(CLI::App* cmd, InspectOptions& o) {
  cmd->add_option("--admin-socket", o.socket, "The agent's admin socket")
      ->envname("KOTEL_ADMIN_SOCKET")
      ->default_val(config::kDefaultAdminSocket);
  cmd->add_option("-o,--output", o.output, "table (default) or json")->check(CLI::IsMember({"table", "json"}));
}

int report(const SocketProblem& p) {
  std::fprintf(stderr, "kotel: %s\n", p.message.c_str());
  return p.exit_code;
}

template <typename Reply, typename Render>
int print(const InspectOptions& o, const Reply& reply, Render render) {
  if (o.output == "json") std::cout << to_json(reply).dump(2) << "\n";
  else std::cout << render(reply);
  return 0;
}

// A unary call: the request, the reply, and how to print it.
template <typename Request, typename Reply, typename Call, typename Render>
int unary(const InspectOptions& o, const Request& req, Call call, Render render) {
  if (auto problem = probe_socket(o.socket)) return report(*problem);
  auto stub = admin_stub(o.socket);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  Reply reply;
  grpc::Status st = call(*stub, &ctx, req, &reply);
  if (!st.ok()) return report(call_failed(st, o.socket));
  return print(o, reply, render);
}

// Prints each streamed item until the agent ends the stream, the client is
// interrupted, or --count items were shown.
template <typename Stream, typename Item, typename Show>
int stream_items(const InspectOptions& o, grpc::ClientContext& ctx, Stream& stream, Item& item, Show show) {
  uint64_t n = 0;
  while (stream->Read(&item)) {
    show(item);
    if (o.count && ++n >= o.count) {
      ctx.TryCancel();
      break;
    }
  }
  grpc::Status st = stream->Finish();
  if (!st.ok() && st.error_code() != grpc::StatusCode::CANCELLED) return report(call_failed(st, o.socket));
  return 0;
}

// Shows each streamed record: as JSON, or its line after a note of what the view missed.
template <typename Record>
auto line_printer(const InspectOptions& o, const char* noun, const char* counter) {
  return [&o, noun, counter, missed = uint64_t{0}](const Record& r) mutable {
    if (o.output == "json") {
      std::cout << to_json(r).dump() << std::endl;
      return;
    }
    if (r.missed() > missed) std::cout << missed_line(r.missed() - missed, noun, counter) << "\n";
    missed = r.missed();
    std::cout << r.line() << std::endl;
  };
}

// The OTel SeverityNumber a `--min-severity` word starts at.
uint32_t severity_floor(const std::string& word) {
  static const std::pair<const char*, uint32_t> kFloors[] = {{"trace", 1}, {"debug", 5}, {"info", 9},
                                                             {"warn", 13}, {"error", 17}, {"fatal", 21}};
  for (const auto& [name, number] : kFloors)
    if (word == name) return number;
  return 0;
}

// Filters that belong to one kind of tail are refused on the others.
bool filters_fit(const InspectOptions& o) {
  bool span_filters = o.min_duration != "0" || o.status != "any";
  bool log_filters = o.min_severity != "any";
  if ((!span_filters || o.what == "spans") && (!log_filters || o.what == "logs")) return true;
  std::fprintf(stderr, "kotel: --min-duration and --status apply to spans, --min-severity to logs; "
                       "every tail takes --pid, --service and --count\n");
  return false;
}

int run_tail_logs(const InspectOptions& o) {
  if (auto problem = probe_socket(o.socket)) return report(*problem);
  v1::TailLogsRequest req;
  req.set_pid(o.pid);
  req.set_service(o.service);
  req.set_min_severity(severity_floor(o.min_severity));
  req.set_client_pid(static_cast<uint32_t>(getpid()));
  auto stub = admin_stub(o.socket);
  grpc::ClientContext ctx;
  auto stream = stub->TailLogs(&ctx, req);
  v1::LogLine rec;
  // The first message is the capture notice, not a record: --count skips it.
  if (!stream->Read(&rec)) return report(call_failed(stream->Finish(), o.socket));
  std::fprintf(stderr, "kotel: %s\n", rec.notice().c_str());
  return stream_items(o, ctx, stream, rec, line_printer<v1::LogLine>(o, "record", "admin_log_subscriber_drops"));
}

int run_tail_events(const InspectOptions& o) {
  if (auto problem = probe_socket(o.socket)) return report(*problem);
  v1::TailEventsRequest req;
  req.set_pid(o.pid);
  req.set_service(o.service);
  auto stub = admin_stub(o.socket);
  grpc::ClientContext ctx;
  auto stream = stub->TailEvents(&ctx, req);
  v1::EventRecord rec;
  return stream_items(o, ctx, stream, rec, line_printer<v1::EventRecord>(o, "event", "admin_event_subscriber_drops"));
}

int run_tail(const InspectOptions& o) {
  if (!filters_fit(o)) return 2;
  if (o.what == "logs") return run_tail_logs(o);
  if (o.what == "events") return run_tail_events(o);
  auto min = parse_duration_ns(o.min_duration);
  if (!min) {
    std::fprintf(stderr, "kotel: --min-duration '%s': give a number with a unit, e.g. 250ms, 2s, 500us\n",
                 o.min_duration.c_str());
    return 2;
  }
  if (auto problem = probe_socket(o.socket)) return report(*problem);
  v1::TailRequest req;
  req.set_service(o.service);
  req.set_pid(o.pid);
  req.set_min_duration_ns(*min);
  req.set_errors_only(o.status == "error");
  auto stub = admin_stub(o.socket);
  grpc::ClientContext ctx;
  auto stream = stub->TailSpans(&ctx, req);
  v1::SpanRecord rec;
  return stream_items(o, ctx, stream, rec, [&](const v1::SpanRecord& r) {
    std::cout << (o.output == "json" ? to_json(r).dump() : span_line(r)) << std::endl;
  });
}

}  // namespace

std::optional<uint64_t> parse_duration_ns(const std::string& text) {
  size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (...) {
    return std::nullopt;
  }
  if (v < 0) return std::nullopt;
  std::string unit = text.substr(used);
  double scale = unit == "ns" ? 1 : unit == "us" ? 1e3 : unit == "ms" ? 1e6 : unit == "s" ? 1e9 : -1;
  if (unit.empty() && v == 0) scale = 1;
  if (scale < 0) return std::nullopt;
  return static_cast<uint64_t>(v * scale);
}

InspectCommands::InspectCommands(CLI::App& app) {
  status_ = app.add_subcommand("status", "A running agent: version, uptime, kernel, hooks, event rates, drops, exports, memory");
  status_->footer("Examples:\n  sudo kotel status\n  sudo kotel status -o json | jq .drops");
  probes_ = app.add_subcommand("probes", "Each hook of a running agent: attached/failed/disabled and why, runs, run time");
  probes_->footer("Examples:\n  sudo kotel probes\n  sudo kotel probes -o json");
  conns_ = app.add_subcommand("conns", "Connections a running agent tracks: role, 4-tuple, protocol, bytes, age, gaps");
  conns_->add_option("--pid", opts_.pid, "Only this process");
  conns_->add_option("--service", opts_.service, "Only this service (as its spans name it)");
  conns_->add_option("--proto", opts_.proto, "Only this protocol")->check(CLI::IsMember({"http1", "other", "undecided"}));
  conns_->footer("Examples:\n  sudo kotel conns --proto http1\n  sudo kotel conns --pid 1234 -o json");
  top_ = app.add_subcommand("top", "Live per-service table: requests/s, error %, p50/p99, bytes in/out (q quits)");
  top_->add_option("--sort", opts_.sort, "service | rps | errors | p50 | p99 | in | out (keys: n r e 5 9 i o)")
      ->check(CLI::IsMember({"service", "rps", "errors", "p50", "p99", "in", "out"}));
  top_->add_option("--interval-ms", opts_.interval_ms, "Refresh every this many ms (default 1000)")
      ->check(CLI::Range(100u, 60000u));
  top_->add_flag("--once", opts_.once, "Print one frame and exit (for scripts)");
  top_->footer("Examples:\n  sudo kotel top\n  sudo kotel top --sort p99\n  sudo kotel top --once -o json");
  tail_ = app.add_subcommand("tail", "Stream spans, log records or kernel events as a running agent sees them, one line each");
  tail_->add_option("what", opts_.what, "spans | logs | events")->check(CLI::IsMember({"spans", "logs", "events"}));
  tail_->add_option("--service", opts_.service, "Only this service");
  tail_->add_option("--pid", opts_.pid, "Only this process");
  tail_->add_option("--min-duration", opts_.min_duration, "Only spans at least this long, e.g. 250ms (spans only)");
  tail_->add_option("--status", opts_.status, "error: only failed spans")->check(CLI::IsMember({"any", "error"}));
  tail_->add_option("--min-severity", opts_.min_severity, "Only log records at least this severe (logs only)")
      ->check(CLI::IsMember({"any", "trace", "debug", "info", "warn", "error", "fatal"}));
  tail_->add_option("--count", opts_.count, "Stop after this many spans, records or events");
  tail_->footer("logs: lines watched processes write to stdout/stderr and kernel records (exits, OOM kills, TCP\n"
                "failures), as `kotel agent --print logs` prints them, with the trace and span of the request being\n"
                "served; with --logs auto and no other consumer the agent captures them only while a tail runs.\n"
                "events: connect/accept (OPEN), reads and writes with sizes (DATA), CLOSE, EXEC/EXIT/FORK, TCP state\n"
                "changes and retransmits/resets, as `kotel agent --print events` prints them. A view that falls\n"
                "behind says how many it missed.\n"
                "Examples:\n  sudo kotel tail spans\n  sudo kotel tail spans --service checkout --status error\n"
                "  sudo kotel tail spans --min-duration 500ms -o json\n  sudo kotel tail logs --service checkout\n"
                "  sudo kotel tail logs --min-severity warn -o json\n  sudo kotel tail events --pid 1234\n"
                "  sudo kotel tail events --service checkout --count 100 -o json");
  explain_ = app.add_subcommand("explain", "A span or trace: how each parent was found or why none, data loss, request bytes");
  explain_->add_option("id", opts_.id, "Trace id (32 hex digits) or span id (16)")->required();
  explain_->footer("Examples:\n  sudo kotel explain 4bf92f3577b34da6a3ce929d0e0e4736\n  sudo kotel explain 00f067aa0ba902b7 -o json");
  for (auto* c : {status_, probes_, conns_, top_, tail_, explain_}) common_options(c, opts_);
}

std::optional<int> InspectCommands::run() {
  using Stub = v1::Admin::Stub;
  if (status_->parsed())
    return unary<v1::StatusRequest, v1::StatusReply>(
        opts_, {}, [](Stub& s, auto* c, const auto& q, auto* r) { return s.Status(c, q, r); }, render_status);
  if (probes_->parsed())
    return unary<v1::ProbesRequest, v1::ProbesReply>(
        opts_, {}, [](Stub& s, auto* c, const auto& q, auto* r) { return s.Probes(c, q, r); }, render_probes);
  if (conns_->parsed()) {
    v1::ConnsRequest req;
    req.set_pid(opts_.pid);
    req.set_service(opts_.service);
    req.set_proto(opts_.proto);
    return unary<v1::ConnsRequest, v1::ConnsReply>(
        opts_, req, [](Stub& s, auto* c, const auto& q, auto* r) { return s.Conns(c, q, r); }, render_conns);
  }
  if (explain_->parsed()) {
    v1::ExplainRequest req;
    req.set_id(opts_.id);
    return unary<v1::ExplainRequest, v1::ExplainReply>(
        opts_, req, [](Stub& s, auto* c, const auto& q, auto* r) { return s.Explain(c, q, r); },
        [this](const v1::ExplainReply& r) { return render_explain(opts_.id, r); });
  }
  if (tail_->parsed()) return run_tail(opts_);
  if (top_->parsed()) {
    if (auto problem = probe_socket(opts_.socket)) return report(*problem);
    return run_top(opts_);
  }
  return std::nullopt;
}

}  // namespace kotel::cli
