#include "protocols/context/span_context.h"

namespace kotel::protocols::context {

const char* context_format_name(ContextFormat f) {
  switch (f) {
    case ContextFormat::kTraceparent:
      return "traceparent";
    case ContextFormat::kB3Single:
      return "b3";
    case ContextFormat::kB3Multi:
      return "b3multi";
    case ContextFormat::kJaeger:
      return "jaeger";
    default:
      return "none";
  }
}

}  // namespace kotel::protocols::context
