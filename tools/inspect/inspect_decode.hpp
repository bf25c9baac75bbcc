#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "storage/snapshot_store.hpp"

namespace tickline::cli {

/// Decodes a snapshot's payload with its state class (named by `r.type`) and returns a
/// readable summary of that state as a JSON object; nullopt with `error` set when the type
/// is unknown, the version newer than this build reads, or the bytes do not decode
/// completely. Never throws for bad bytes.
std::optional<nlohmann::ordered_json> decode_state(const snapshot_record& r, std::string& error);

/// "2024-05-01T12:00:00.123Z" for nanoseconds since the epoch; "-" for 0.
std::string format_utc(std::int64_t ts_ns);

} // namespace tickline::cli
