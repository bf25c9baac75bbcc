#pragma once

#include <cstdint>
#include <string>

#include <caf/atom.hpp>
#include <caf/error.hpp>

namespace tickline {

/// Failures a running actor reports as a caf::error (its exit reason or a reply).
enum class errc : std::uint8_t {
  none = 0,
  escalation,        ///< A supervisor exceeded its restart intensity and gave up.
  start_failed,      ///< A child's start function threw.
  chaos_crash,       ///< Crashed on purpose by chaos mode.
  storage_failure,   ///< A journal or snapshot write failed.
  crashed,           ///< A handler threw; the context holds what().
};

/// The error category atom of tickline's errors.
constexpr caf::atom_value error_category = caf::atom("tickline");

std::string to_string(errc x);

/// A caf::error of category tickline; `context` says where and why.
caf::error make_error(errc x, std::string context = {});

} // namespace tickline
