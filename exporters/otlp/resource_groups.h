#pragma once
// A batch's items grouped by resource, as an OTLP request nests them: groups
// in the order their resource first appears, items in batch order within a
// group. The vectors are kept from batch to batch: no allocation once grown.

#include <algorithm>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "model/resource.h"

namespace kotel::otlp {

class ResourceGroups {
 public:
  struct Group {
    const model::Resource* resource;
    std::span<const std::pair<const model::Resource*, uint32_t>> items;  // .second: index in the batch
  };

  // `Item` has a `resource` (a shared_ptr, maybe null).
  template <typename Item>
  void build(std::span<const Item> batch) {
    items_.clear();
    bool one = true;
    for (uint32_t i = 0; i < batch.size(); ++i) {
      items_.emplace_back(batch[i].resource.get(), i);
      one = one && items_[i].first == items_[0].first;
    }
    groups_.clear();
    if (one) {  // the common case: one service's batch, already in order
      if (!items_.empty()) groups_.push_back({0, items_.size()});
      return;
    }
    // (resource, index) pairs are unique: sorting keeps batch order within a resource.
    std::sort(items_.begin(), items_.end());
    for (size_t b = 0; b < items_.size();) {
      size_t e = b + 1;
      while (e < items_.size() && items_[e].first == items_[b].first) ++e;
      groups_.push_back({b, e});
      b = e;
    }
    // A group's first item is its earliest: order the groups by it.
    std::sort(groups_.begin(), groups_.end(),
              [this](const auto& x, const auto& y) { return items_[x.first].second < items_[y.first].second; });
  }

  size_t size() const { return groups_.size(); }
  Group operator[](size_t g) const {
    auto [b, e] = groups_[g];
    return {items_[b].first, std::span(items_).subspan(b, e - b)};
  }

 private:
  std::vector<std::pair<const model::Resource*, uint32_t>> items_;
  std::vector<std::pair<size_t, size_t>> groups_;  // [begin, end) in items_
};

}  // namespace kotel::otlp
