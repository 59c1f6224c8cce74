#pragma once
// Internal: BaggageLimits applied across several headers (`baggage` and
// `uberctx-`), without re-measuring what was already taken.

#include <vector>

#include "protocols/context/context.h"

namespace kotel::protocols::context {

class BaggageBudget {
 public:
  BaggageBudget(const BaggageLimits& limits, const std::vector<BaggageEntry>& existing);

  bool full(size_t entries) const { return entries >= limits_.max_entries; }
  // `e` was just appended to a list that now holds `entries`: true if it fits
  // (and is counted), false if it must go.
  bool take(const BaggageEntry& e, size_t entries);

 private:
  BaggageLimits limits_;
  size_t used_ = 0;  // bytes, commas included
};

// parse_baggage against a shared budget.
void parse_baggage_members(std::string_view header, BaggageBudget* budget, std::vector<BaggageEntry>* out,
                           ContextStats* stats);

// Appends one uberctx- header's entry if valid and within budget; counts it otherwise.
void add_uberctx(std::string_view name, std::string_view value, BaggageBudget* budget, std::vector<BaggageEntry>* out,
                 ContextStats* stats);

}  // namespace kotel::protocols::context
