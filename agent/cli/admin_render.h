#pragma once
// What the inspection commands print: a table or lines for people, JSON for
// scripts. Pure: replies in, text out.

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "kotel/admin/v1/admin.pb.h"

namespace kotel::cli {

namespace v1 = kotel::admin::v1;

// Any reply as JSON: proto field names, numbers as numbers, every field.
nlohmann::json to_json(const google::protobuf::Message& m);

std::string render_status(const v1::StatusReply& s);
std::string render_probes(const v1::ProbesReply& p);
std::string render_conns(const v1::ConnsReply& c);
// One line per span: time, service, kind, duration, status, name, ids, parent source.
std::string span_line(const v1::SpanRecord& s);
// The line a `kotel tail events|logs` view prints where it lost `n` items.
std::string missed_line(uint64_t n, std::string_view noun = "event",
                        std::string_view counter = "admin_event_subscriber_drops");
// Why the span has the parent it has, or none: one sentence per piece of evidence.
std::vector<std::string> explain_parent(const v1::SpanRecord& s);
std::string render_explain(const std::string& id, const v1::ExplainReply& r);

// `kotel top`'s sort keys: service, rps, errors, p50, p99, in, out.
bool valid_top_sort(const std::string& key);
void sort_top(v1::TopFrame& f, const std::string& key);
std::string render_top(const v1::TopFrame& f, const std::string& sort_key);

}  // namespace kotel::cli
