#pragma once
// The API server's list and watch answers, decoded (pure; no I/O):
//   list:  a PodList {"metadata":{"resourceVersion","continue"},"items":[Pod...]}
//   watch: one JSON object per line {"type":"ADDED|MODIFIED|DELETED|BOOKMARK|ERROR","object":{...}}
// An ERROR event carries a Status; code 410 (Gone) means the resourceVersion
// is too old and the pods must be listed again.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "kubernetes/pod_info.h"
#include "kubernetes/pod_store.h"

namespace kotel::kubernetes {

struct PodListPage {
  std::vector<PodInfo> pods;
  std::string resource_version;
  std::string continue_token;  // "" on the last page
  uint64_t invalid_pods = 0;   // items that were not usable pods (skipped, counted)
};

core::Result<PodListPage> parse_pod_list(std::string_view body);

enum class WatchOutcome { kApplied, kBookmark, kGone, kError, kInvalid };

// Applies one watch line to the store; `resource_version` follows the events.
// kError: a Status other than 410; kInvalid: a line that is not a watch event.
WatchOutcome apply_watch_line(std::string_view line, PodStore& store, std::string& resource_version);

// Splits a byte stream into lines: feed chunks, get each complete line once.
class LineSplitter {
 public:
  static constexpr size_t kMaxLine = 16u << 20;  // one pod never comes near; a longer line is dropped
  template <typename OnLine>
  void feed(std::string_view chunk, OnLine&& on_line) {
    for (char c : chunk) {
      if (c != '\n') {
        if (partial_.size() < kMaxLine) partial_ += c;
        else overflowed_ = true;
        continue;
      }
      if (!overflowed_ && !partial_.empty()) on_line(std::string_view(partial_));
      partial_.clear();
      overflowed_ = false;
    }
  }

 private:
  std::string partial_;
  bool overflowed_ = false;
};

}  // namespace kotel::kubernetes
