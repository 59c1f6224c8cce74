#include "spans/http_span_builder.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "core/hex.h"
#include "ingest/endpoint_text.h"
#include "spans/http_attributes.h"

namespace kotel::spans {
namespace http1 = protocols::http1;
namespace context = protocols::context;

namespace {

// Runtimes whose tasks share OS threads: a thread serving one request says
// nothing about which task makes a call (measured on a Go net/http front: 15
// of its 19 thread links were wrong).
bool threads_shared(discovery::Runtime runtime) { return runtime != discovery::Runtime::kNative; }

bool sends_otlp_traces(const http1::Exchange& ex) {
  std::string_view path = url_path(ex.target);
  return ex.method == "POST" && path.ends_with("/v1/traces");
}

bool key_listed(const std::vector<std::string>& list, std::string_view key) {
  return std::find(list.begin(), list.end(), key) != list.end();
}

}  // namespace

HttpSpanBuilder::HttpSpanBuilder(SpanSettings settings, IdSource& ids, core::MonotonicToRealtime clock,
                                 SpanSink sink)
    : settings_(std::move(settings)), shared_settings_(std::make_shared<const SpanSettings>(settings_)), ids_(ids),
      clock_(clock), sink_(std::move(sink)),
      templates_(settings_.max_templates_per_service), name_cache_(kNameCacheSlots) {}

std::shared_ptr<const Baggage> HttpSpanBuilder::pick_baggage(const std::vector<context::BaggageEntry>& entries) {
  if (entries.empty() || !settings_.baggage_attributes) return nullptr;
  auto out = std::make_shared<Baggage>();
  size_t bytes = 0;
  for (const auto& e : entries) {
    if (key_listed(settings_.baggage_deny, e.key)) continue;
    if (!settings_.baggage_allow.empty() && !key_listed(settings_.baggage_allow, e.key)) continue;
    std::string_view value = std::string_view(e.value).substr(0, settings_.baggage_max_value_bytes);
    if (out->size() >= settings_.baggage_max_entries || e.key.size() > settings_.baggage_max_key_bytes ||
        bytes + e.key.size() + value.size() > settings_.baggage_max_bytes) {
      ++stats_.baggage_capped;
      continue;
    }
    bytes += e.key.size() + value.size();
    out->push_back({e.key, std::string(value)});
  }
  return out->empty() ? nullptr : out;
}

void HttpSpanBuilder::request_started(http1::Exchange& ex) {
  auto p = std::make_shared<OpenSpan>();
  p->kind = ex.request_inbound ? SpanKind::kServer : SpanKind::kClient;
  p->span_id = ids_.span_id();
  p->token = next_token_++;
  p->tid = ex.request_tid;
  if (conn_) {
    p->pid = conn_->key.pid;
    p->conn = conn_->key;
    p->tuple = conn_->tuple;
    p->tuple_known = conn_->tuple_known;
    p->tls = conn_->tls;
  }
  if (resource_) p->resource = *resource_;

  // 1. Headers on the request (for a client span: what the app itself sent).
  context::IncomingContext incoming;
  if (!ex.context_headers.empty())
    incoming = context::extract_context(ex.context_headers, settings_.baggage_limits, &stats_.context);
  std::shared_ptr<const Baggage> baggage = pick_baggage(incoming.baggage);

  // 2./3. What this host saw: the thread's server request, or the client on
  // the other end of the connection.
  std::optional<LinkContext> local;
  ParentSource local_source = ParentSource::kNone;
  bool shared_threads = threads_shared(runtime_);
  p->runtime = runtime_;
  InflightTraces::Match served;
  if (p->kind == SpanKind::kClient && incoming.parent)
    served = inflight_.find(p->pid, incoming.parent->trace_id, incoming.parent->span_id);
  if (p->kind == SpanKind::kClient) look_for_sdk(*p, ex, incoming, served);
  if (p->kind == SpanKind::kClient) {
    ThreadActivity::Evidence thread = threads_.evidence(p->pid, ex.request_tid);
    p->thread_rule_off = shared_threads ? ThreadRuleOff::kRuntime : thread.off;
    if (served.only) {  // the app carried that request's context: evidence, whatever the thread
      local = *served.only;
      local_source = ParentSource::kHeader;
      p->parent_by_trace = true;
      ++stats_.parent_by_trace;
    } else if (thread.parent && p->thread_rule_off == ThreadRuleOff::kNo) {
      local = *thread.parent;
      local_source = ParentSource::kThread;
    } else {
      p->candidates = thread.in_flight;  // > 1: ambiguous, so no thread parent
    }
    if (p->thread_rule_off == ThreadRuleOff::kRuntime) ++stats_.thread_rule_off_runtime;
    if (p->thread_rule_off == ThreadRuleOff::kMultiplexing) ++stats_.thread_rule_off_multiplexing;
  } else if (p->tuple_known) {
    local = tuples_.server_request(p->tuple, ex.request_start_ns);
    if (local) local_source = ParentSource::kTuple;
  }

  if (incoming.parent && (!local || local->trace_id != incoming.parent->trace_id)) {
    if (local) ++stats_.header_conflicts;
    p->trace_id = incoming.parent->trace_id;
    p->parent_id = incoming.parent->span_id;
    p->sampled = incoming.parent->sampled;
    p->trace_state = std::move(incoming.tracestate);
    p->parent_source = ParentSource::kHeader;
    p->format = incoming.format;
  } else if (local) {
    // Same trace as the headers, if any: the local span is the closer parent.
    p->trace_id = local->trace_id;
    p->parent_id = local->span_id;
    p->sampled = local->sampled;
    p->trace_state = local->trace_state;
    p->parent_source = local_source;
    p->format = incoming.format;
  } else {
    p->trace_id = ids_.trace_id();
  }
  p->baggage = baggage ? baggage : local ? local->baggage : nullptr;
  const std::string& my_service = p->resource ? p->resource->service_name : std::string();
  // Head sampling, decided here once: children follow their parent's decision.
  p->sampled = p->parent_source == ParentSource::kNone
                   ? settings_.sampler.sample_root(p->trace_id, my_service)
                   : settings_.sampler.sample_child(p->trace_id, my_service, p->sampled);
  if (p->kind == SpanKind::kServer && local_source == ParentSource::kTuple && local) {
    p->graph_client = local->service;
    if (local->edge) {
      local->edge->seen_by_server = true;
      local->edge->server_service = my_service;
    }
  }
  if (p->kind == SpanKind::kClient) p->edge = std::make_shared<ClientEdge>();

  bool server_claimed = false;
  if (p->kind == SpanKind::kClient && p->tuple_known) {
    if (auto early = tuples_.claim_server(p->tuple, ex.request_start_ns))
      server_claimed = link_early_server(*p, *early);
  }
  LinkContext mine{p->trace_id, p->span_id, p->sampled, p->trace_state, p->baggage, my_service, p->edge};
  if (p->kind == SpanKind::kServer) {
    inflight_.begin(p->pid, p->token, mine, incoming.parent ? incoming.parent->span_id : SpanId{},
                    ex.request_start_ns);
    threads_.begin(p->pid, ex.request_tid, p->token, std::move(mine), shared_threads);
    if (p->tuple_known && local_source != ParentSource::kTuple) tuples_.server_unlinked(p->tuple, ex.request_start_ns, p);
  } else if (p->tuple_known && !server_claimed) {
    tuples_.client_request(p->tuple, ex.request_start_ns, std::move(mine));
  }
  ex.span_state = std::move(p);
}

// Marks the client's process as one that traces itself, on evidence only
// (spans/sdk_processes.h).
void HttpSpanBuilder::look_for_sdk(const OpenSpan& client, const http1::Exchange& ex,
                                   const context::IncomingContext& incoming, const InflightTraces::Match& served) {
  if (sdk_.find(client.pid)) return;
  std::string service = client.resource ? client.resource->service_name : std::string();
  if (sends_otlp_traces(ex)) {
    sdk_.mark(client.pid, service, SdkEvidence::kOtlpExport, "POST " + std::string(url_path(ex.target)));
  } else if (served.count > 0 && !served.names_known_span) {
    sdk_.mark(client.pid, service, SdkEvidence::kOwnSpanIds,
              "parent id " + core::to_hex(incoming.parent->span_id) + " in a served request's trace");
  }
}

// The server on the other end read this request before its send was seen
// (TupleLinks::kSkewNs): it becomes the client span's child now, while its
// span is open. Same rules as the other order: a header naming another trace wins.
bool HttpSpanBuilder::link_early_server(OpenSpan& client, OpenSpan& server) {
  if (server.parent_source == ParentSource::kHeader && server.trace_id != client.trace_id) {
    ++stats_.header_conflicts;
    return false;
  }
  if (client.parent_source == ParentSource::kNone) {  // a root: its trace id is new, take the server's
    client.trace_id = server.trace_id;
    client.sampled = server.sampled;
    client.trace_state = server.trace_state;
  } else {  // children the server began meanwhile keep its old trace id (counted)
    if (server.trace_id != client.trace_id) ++stats_.late_links_retraced;
    server.trace_id = client.trace_id;
    server.sampled = client.sampled;
    server.trace_state = client.trace_state;
  }
  server.parent_id = client.span_id;
  server.parent_source = ParentSource::kTuple;
  if (!server.baggage) server.baggage = client.baggage;
  server.graph_client = client.resource ? client.resource->service_name : std::string();
  const std::string& server_service = server.resource ? server.resource->service_name : std::string();
  client.edge->seen_by_server = true;
  client.edge->server_service = server_service;
  LinkContext now{server.trace_id, server.span_id, server.sampled, server.trace_state, server.baggage,
                  server_service, nullptr};
  inflight_.update(server.token, now);
  threads_.update(server.pid, server.tid, server.token, std::move(now));
  ++stats_.late_tuple_links;
  return true;
}

void HttpSpanBuilder::exchange_done(std::unique_ptr<http1::Exchange> ex) {
  auto p = std::static_pointer_cast<OpenSpan>(ex->span_state);  // only this builder attaches state
  if (!p) return;  // started before this builder knew it: cannot happen, but never trust
  if (p->kind == SpanKind::kServer) {
    threads_.end(p->pid, ex->request_tid, p->token);
    inflight_.end(p->token);
  }

  Span span;
  span.trace_id = p->trace_id;
  span.span_id = p->span_id;
  span.parent_span_id = p->parent_id;
  span.trace_state = p->trace_state;
  span.sampled = p->sampled;
  span.kind = p->kind;
  span.parent_source = p->parent_source;
  span.start_unix_ns = clock_.to_unix_ns(ex->request_start_ns);
  span.end_unix_ns = clock_.to_unix_ns(std::max(ex->response_end_ns, ex->request_start_ns));
  span.resource = std::move(p->resource);

  bool other_method = !known_http_method(ex->method);
  std::string_view service = span.resource ? std::string_view(span.resource->service_name) : std::string_view{};
  std::string_view admitted = template_of(service, url_path(ex->target));
  span.name.reserve(ex->method.size() + 1 + admitted.size());
  span.name.append(other_method ? std::string_view("HTTP") : std::string_view(ex->method)).append(" ").append(admitted);

  bool server = p->kind == SpanKind::kServer;
  bool failed = ex->no_response || (ex->status >= 500) || (!server && ex->status >= 400);
  if (failed) span.status = StatusCode::kError;
  // The typed summary now (metrics need it); attributes later, from the facts.
  HttpSummary& h = span.http;
  h.method = other_method ? std::string_view("_OTHER") : std::string_view(ex->method);
  h.status = ex->status;
  h.version_minor = ex->version_minor;
  h.tls = p->tls;
  if (ex->no_response) h.error_type = "no_response";
  else if (failed) h.error_type = std::to_string(ex->status);
  if (!server) {
    auto [host_name, host_port] = split_host_header(ex->host);
    if (!host_name.empty()) h.server_address.assign(host_name);
    else if (p->tuple_known) h.server_address = ingest::address_text(p->tuple.remote);
    h.server_port = host_port ? host_port : p->tuple_known ? p->tuple.remote.port : 0;
  }
  if (server) {
    h.graph_role = HttpSummary::GraphRole::kServerCounts;
    h.graph_client = !p->graph_client.empty() ? p->graph_client
                     : p->tuple_known         ? ingest::address_text(p->tuple.remote)
                                              : std::string("unknown");
    h.graph_server = span.resource ? span.resource->service_name : std::string("unknown");
  } else {
    h.graph_client = span.resource ? span.resource->service_name : std::string("unknown");
    if (p->edge && p->edge->seen_by_server) {
      h.graph_role = HttpSummary::GraphRole::kClientDurationOnly;
      h.graph_server = p->edge->server_service;
    } else {
      h.graph_role = HttpSummary::GraphRole::kClientCounts;
      h.graph_server = h.server_port ? h.server_address + ":" + std::to_string(h.server_port) : h.server_address;
    }
  }
  bool truncated = ex->request_truncated || ex->response_truncated;
  ex->span_state.reset();
  auto facts = std::make_shared<HttpFacts>();
  facts->server = server;
  facts->tuple = p->tuple;
  facts->tuple_known = p->tuple_known;
  facts->conn = p->conn;
  facts->parent_source = p->parent_source;
  facts->format = p->format;
  facts->parent_candidates = p->candidates;
  facts->thread_rule_off = p->thread_rule_off;
  facts->parent_by_trace = p->parent_by_trace;
  facts->runtime = p->runtime;
  facts->baggage = p->baggage;
  facts->settings = shared_settings_;
  facts->exchange = std::move(ex);
  span.http_facts = std::move(facts);

  ++(server ? stats_.server_spans : stats_.client_spans);
  switch (p->parent_source) {
    case ParentSource::kHeader: ++stats_.parent_header; break;
    case ParentSource::kThread: ++stats_.parent_thread; break;
    case ParentSource::kTuple: ++stats_.parent_tuple; break;
    case ParentSource::kNone: ++stats_.parent_none; break;
  }
  if (truncated) ++stats_.truncated;
  if (!span.sampled) {
    span.withheld = Withheld::kSampledOut;
    ++stats_.sampled_out;
  }
  if (SdkProcess* sdk = sdk_.find(p->pid)) {
    ++sdk->spans;
    ++stats_.sdk_spans;
    if (settings_.withhold_sdk_spans && span.withheld == Withheld::kNo) {
      span.withheld = Withheld::kSdkProcess;
      ++stats_.sdk_withheld;
    }
  }
  sink_(std::move(span));
}

const SpanBuilderStats& HttpSpanBuilder::stats() const {
  stats_.sdk_processes_marked = sdk_.marked();  // kept by their owners; copied in here
  stats_.inflight_forgotten = inflight_.forgotten();
  return stats_;
}

void HttpSpanBuilder::parent_from_thread(Span& span, uint32_t pid, uint32_t tid, discovery::Runtime runtime,
                                         const std::string& service) {
  ThreadActivity::Evidence thread = threads_.evidence(pid, tid);
  if (thread.parent && thread.off == ThreadRuleOff::kNo && !threads_shared(runtime)) {
    span.trace_id = thread.parent->trace_id;
    span.parent_span_id = thread.parent->span_id;
    span.trace_state = thread.parent->trace_state;
    span.parent_source = ParentSource::kThread;
    span.sampled = settings_.sampler.sample_child(span.trace_id, service, thread.parent->sampled);
  } else {
    span.trace_id = ids_.trace_id();
    span.sampled = settings_.sampler.sample_root(span.trace_id, service);
  }
}

void HttpSpanBuilder::withhold_if_needed(Span& span, uint32_t pid) {
  if (!span.sampled) {
    span.withheld = Withheld::kSampledOut;
    ++stats_.sampled_out;
  } else if (const SdkProcess* sdk = sdk_.find(pid); sdk && settings_.withhold_sdk_spans) {
    span.withheld = Withheld::kSdkProcess;
    ++stats_.sdk_withheld;
  }
}

void HttpSpanBuilder::internal_span(InternalCall call, std::shared_ptr<const Resource> resource,
                                    discovery::Runtime runtime) {
  Span span;
  span.kind = SpanKind::kInternal;
  span.span_id = ids_.span_id();
  span.name = std::move(call.name);
  span.start_unix_ns = clock_.to_unix_ns(call.start_ns);
  span.end_unix_ns = clock_.to_unix_ns(std::max(call.end_ns, call.start_ns));
  parent_from_thread(span, call.pid, call.tid, runtime, resource ? resource->service_name : std::string());
  if (span.parent_source == ParentSource::kThread) ++stats_.internal_parent_thread;
  span.attributes = std::move(call.attributes);
  span.attributes.push_back({AttrKey::of_static("thread.id"), static_cast<int64_t>(call.tid)});
  span.attributes.push_back({AttrKey::of_static("kotel.parent.source"), std::string(parent_source_name(span.parent_source))});
  span.resource = std::move(resource);
  ++stats_.internal_spans;
  withhold_if_needed(span, call.pid);
  sink_(std::move(span));
}

void HttpSpanBuilder::db_span(DbCall call, std::shared_ptr<const Resource> resource, discovery::Runtime runtime) {
  Span span;
  span.kind = SpanKind::kClient;
  span.span_id = ids_.span_id();
  span.name = call.summary.operation.empty() ? call.summary.system : call.summary.operation;
  span.start_unix_ns = clock_.to_unix_ns(call.start_ns);
  span.end_unix_ns = clock_.to_unix_ns(std::max(call.end_ns, call.start_ns));
  parent_from_thread(span, call.pid, call.tid, runtime, resource ? resource->service_name : std::string());
  auto& a = span.attributes;
  a.push_back({AttrKey::of_static("db.system.name"), call.summary.system});
  if (!call.summary.operation.empty()) a.push_back({AttrKey::of_static("db.operation.name"), call.summary.operation});
  if (!call.query_text.empty()) a.push_back({AttrKey::of_static("db.query.text"), std::move(call.query_text)});
  if (!call.summary.error_type.empty()) {
    span.status = StatusCode::kError;
    a.push_back({AttrKey::of_static("db.response.status_code"), call.summary.error_type});
    a.push_back({AttrKey::of_static("error.type"), call.summary.error_type});
  }
  if (call.conn && call.conn->tuple_known) {
    std::string peer = ingest::address_text(call.conn->tuple.remote);
    a.push_back({AttrKey::of_static("server.address"), peer});
    a.push_back({AttrKey::of_static("server.port"), static_cast<int64_t>(call.conn->tuple.remote.port)});
    a.push_back({AttrKey::of_static("network.peer.address"), std::move(peer)});
    a.push_back({AttrKey::of_static("network.peer.port"), static_cast<int64_t>(call.conn->tuple.remote.port)});
  }
  a.push_back({AttrKey::of_static("thread.id"), static_cast<int64_t>(call.tid)});
  a.push_back({AttrKey::of_static("kotel.parent.source"), std::string(parent_source_name(span.parent_source))});
  span.db = std::move(call.summary);
  span.resource = std::move(resource);
  ++stats_.db_spans;
  withhold_if_needed(span, call.pid);
  sink_(std::move(span));
}

std::string_view HttpSpanBuilder::template_of(std::string_view service, std::string_view path) {
  // By path alone (one hash); the service is compared on a hit.
  NameCacheEntry& e = name_cache_[std::hash<std::string_view>{}(path) % kNameCacheSlots];
  if (e.path == path && e.service == service && !e.name.empty()) return e.name;
  e.service.assign(service);
  e.path.assign(path);
  e.name.assign(templates_.admit(service, route_template(path)));
  return e.name;
}

}  // namespace kotel::spans
