#pragma once
// Raw ring/perf records -> Event values. Checks every size before reading;
// a malformed record is an error value, never undefined behaviour.

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/result.h"
#include "ingest/events.h"

namespace kotel::ingest {

core::Result<Event> decode(std::span<const std::byte> record);

}  // namespace kotel::ingest
