#include "exporters/console/span_format.h"

#include <fmt/format.h>

#include <ctime>

#include "core/hex.h"
#include "spans/http_attributes.h"

namespace kotel::console {
namespace {

const char* kind_name(spans::SpanKind k) {
  switch (k) {
    case spans::SpanKind::kServer: return "SERVER";
    case spans::SpanKind::kClient: return "CLIENT";
    default: return "INTERNAL";
  }
}

}  // namespace

void append_value(std::string& out, const spans::AttributeValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) {
    bool plain = !s->empty() && s->find_first_of(" \"\\=") == std::string::npos;
    for (unsigned char c : *s) plain = plain && c >= 0x21 && c < 0x7f;
    if (plain) {
      out += *s;
      return;
    }
    out += '"';
    for (unsigned char c : *s) {
      if (c == '"' || c == '\\') out += fmt::format("\\{}", static_cast<char>(c));
      else if (c < 0x20 || c == 0x7f) out += fmt::format("\\x{:02x}", c);
      else out += static_cast<char>(c);
    }
    out += '"';
  } else if (const auto* i = std::get_if<int64_t>(&v)) {
    out += fmt::format("{}", *i);
  } else if (const auto* d = std::get_if<double>(&v)) {
    out += fmt::format("{}", *d);
  } else {
    out += std::get<bool>(v) ? "true" : "false";
  }
}

std::string local_time_text(uint64_t unix_ns) {
  time_t secs = static_cast<time_t>(unix_ns / 1'000'000'000);
  tm local{};
  localtime_r(&secs, &local);
  char buf[16];
  strftime(buf, sizeof(buf), "%H:%M:%S", &local);
  return fmt::format("{}.{:06}", buf, (unix_ns % 1'000'000'000) / 1000);
}


std::string format_span(const spans::Span& span, std::string_view time) {
  std::string service = span.resource ? span.resource->service_name : "?";
  uint32_t pid = span.resource ? span.resource->pid : 0;
  std::string status_text = span.http.status ? fmt::format("{}", span.http.status) : std::string("-");
  double ms = static_cast<double>(span.end_unix_ns - span.start_unix_ns) / 1e6;
  std::string out = fmt::format(
      "{} SPAN {} {}[{}] \"{}\" {}{} {:.3f}ms trace={} span={} parent={} ({})", time, kind_name(span.kind), service,
      pid, span.name, status_text, span.status == spans::StatusCode::kError ? " ERROR" : "", ms,
      core::to_hex(span.trace_id), core::to_hex(span.span_id),
      span.has_parent() ? core::to_hex(span.parent_span_id) : std::string("-"),
      spans::parent_source_name(span.parent_source));
  for (const auto& a : spans::attributes_of(span)) {
    out += ' ';
    out += a.key.view();
    out += '=';
    append_value(out, a.value);
  }
  return out;
}

}  // namespace kotel::console
