// W3C Baggage, "Header Content" and "Limits".
#include "protocols/context/baggage_budget.h"
#include "protocols/context/context.h"
#include "core/percent.h"
#include "core/text.h"

namespace kotel::protocols::context {
using core::percent_decode;
using core::PlusIs;
namespace {

// baggage-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E: visible ASCII
// but DQUOTE, comma, semicolon and backslash.
bool is_baggage_octet(char c) {
  return c >= 0x21 && c <= 0x7e && c != '"' && c != ',' && c != ';' && c != '\\';
}

bool is_value(std::string_view v) {
  for (char c : v)
    if (!is_baggage_octet(c)) return false;
  return true;
}

// property = key OWS "=" OWS value / key OWS, after each ';'.
bool valid_properties(std::string_view props) {
  while (true) {
    size_t semi = props.find(';');
    std::string_view p = props.substr(0, semi);
    size_t eq = p.find('=');
    if (!core::is_token(core::trim_ows(p.substr(0, eq)))) return false;
    if (eq != std::string_view::npos && !is_value(core::trim_ows(p.substr(eq + 1)))) return false;
    if (semi == std::string_view::npos) return true;
    props.remove_prefix(semi + 1);
  }
}

struct Member {
  std::string_view key, value, properties;
};

// list-member = key OWS "=" OWS value *( OWS ";" OWS property ); `m` is trimmed.
bool split_member(std::string_view m, Member* out) {
  size_t semi = m.find(';');
  std::string_view kv = m.substr(0, semi);
  size_t eq = kv.find('=');  // the value may hold more '='
  if (eq == std::string_view::npos) return false;
  out->key = core::trim_ows(kv.substr(0, eq));
  out->value = core::trim_ows(kv.substr(eq + 1));
  out->properties = semi == std::string_view::npos ? std::string_view{} : m.substr(semi);
  return core::is_token(out->key) && is_value(out->value) &&
         (out->properties.empty() || valid_properties(out->properties.substr(1)));
}

// The bytes a list of n entries takes beyond the entries themselves: commas.
size_t commas(size_t n) {
  return n > 0 ? n - 1 : 0;
}

// Appends list-member `m` to *out if it is valid and fits.
void take_member(std::string_view m, BaggageBudget* budget, std::vector<BaggageEntry>* out, ContextStats* stats) {
  Member mem;
  if (budget->full(out->size())) {
    ++stats->baggage_dropped;  // no need to look closer
    return;
  }
  if (!split_member(m, &mem)) {
    ++stats->invalid_baggage;
    return;
  }
  BaggageEntry& e = out->emplace_back();
  if (!percent_decode(mem.value, PlusIs::kPlus, &e.value)) {
    out->pop_back();
    ++stats->invalid_baggage;
    return;
  }
  e.key.assign(mem.key);
  e.properties.assign(mem.properties);
  if (!budget->take(e, out->size())) {
    out->pop_back();
    ++stats->baggage_dropped;  // a smaller member further on may still fit
  }
}

}  // namespace

size_t baggage_entry_bytes(const BaggageEntry& e) {
  size_t value = 0;
  for (char c : e.value) value += is_baggage_octet(c) && c != '%' ? 1 : 3;  // %XX
  return e.key.size() + 1 + value + e.properties.size();
}

BaggageBudget::BaggageBudget(const BaggageLimits& limits, const std::vector<BaggageEntry>& existing)
    : limits_(limits), used_(commas(existing.size())) {
  for (const auto& e : existing) used_ += baggage_entry_bytes(e);
}

bool BaggageBudget::take(const BaggageEntry& e, size_t entries) {
  size_t bytes = baggage_entry_bytes(e) + (entries > 1 ? 1 : 0);
  if (entries > limits_.max_entries || used_ + bytes > limits_.max_bytes) return false;
  used_ += bytes;
  return true;
}

void parse_baggage_members(std::string_view header, BaggageBudget* budget, std::vector<BaggageEntry>* out,
                           ContextStats* stats) {
  while (true) {
    size_t comma = header.find(',');
    std::string_view m = core::trim_ows(header.substr(0, comma));
    if (!m.empty()) take_member(m, budget, out, stats);
    if (comma == std::string_view::npos) return;
    header.remove_prefix(comma + 1);
  }
}

void parse_baggage(std::string_view header, const BaggageLimits& limits, std::vector<BaggageEntry>* out,
                   ContextStats* stats) {
  ContextStats ignored;
  BaggageBudget budget(limits, *out);
  parse_baggage_members(header, &budget, out, stats != nullptr ? stats : &ignored);
}

void add_uberctx(std::string_view name, std::string_view value, BaggageBudget* budget, std::vector<BaggageEntry>* out,
                 ContextStats* stats) {
  if (budget->full(out->size())) {
    ++stats->baggage_dropped;
    return;
  }
  BaggageEntry& e = out->emplace_back();
  if (!parse_uberctx(name, value, &e)) {
    out->pop_back();
    ++stats->invalid_baggage;
  } else if (!budget->take(e, out->size())) {
    out->pop_back();
    ++stats->baggage_dropped;
  }
}

}  // namespace kotel::protocols::context
