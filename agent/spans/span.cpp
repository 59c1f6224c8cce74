#include "spans/span.h"

namespace kotel::spans {

const char* parent_source_name(ParentSource s) {
  switch (s) {
    case ParentSource::kHeader: return "header";
    case ParentSource::kThread: return "thread";
    case ParentSource::kTuple: return "tuple";
    default: return "none";
  }
}

const char* withheld_name(Withheld w) {
  switch (w) {
    case Withheld::kSampledOut: return "sampled_out";
    case Withheld::kSdkProcess: return "sdk_process";
    default: return "";
  }
}

const AttributeValue* Span::attribute(std::string_view key) const {
  for (const auto& a : attributes)
    if (a.key == key) return &a.value;
  return nullptr;
}

}  // namespace kotel::spans
