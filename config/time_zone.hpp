#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// IANA time zones without a time-zone library (C++17 has none): the zone's TZif file
// (RFC 8536) is read once into an immutable table of transitions, and the offset at an
// instant is a binary search in it, or the file's POSIX TZ footer rule after its last
// transition. Unlike switching the TZ environment variable around localtime_r, this is
// thread-safe (a loaded zone is only read), does not race with other threads' use of
// localtime (spdlog's timestamps), and several zones can be used at once.
namespace tickline {

/// A POSIX TZ rule such as "EST5EDT,M3.2.0,M11.1.0": a standard offset and optionally a
/// daylight-saving offset with the rules of its start and end.
class posix_tz_rule {
public:
  /// Parses a POSIX TZ string (the footer of a TZif file); nullopt when malformed.
  static std::optional<posix_tz_rule> parse(std::string_view text);

  /// UTC offset in seconds (east positive) at `utc_s` seconds since the epoch.
  std::int32_t offset_at(std::int64_t utc_s) const;

private:
  /// A date rule: Jn (1..365, Feb 29 never counted), n (0..365) or Mm.w.d.
  struct date_rule {
    char kind = 'M';           ///< 'J', 'N' (zero-based day) or 'M'.
    int a = 0, b = 0, c = 0;   ///< Day, or month, week and weekday (0 = Sunday).
    std::int32_t time_s = 7200; ///< Local time of the change, may be negative or > 24 h.
  };
  /// UTC second at which `rule` happens in `year`, with `offset_s` in effect before it.
  static std::int64_t transition_utc(const date_rule& rule, int year, std::int32_t offset_s);

  std::int32_t std_offset_ = 0;
  std::optional<std::int32_t> dst_offset_;
  date_rule start_;
  date_rule end_;
};

/// An IANA time zone read from a TZif file; the default-constructed zone is UTC.
class time_zone {
public:
  time_zone() = default;

  /// Loads zone `name` ("America/New_York", "UTC") from the TZif file `dir`/`name`.
  /// Returns nullopt and sets `error` (naming the file and what is wrong) when the name is
  /// not a relative path of letters, digits and "/_+-", or the file is missing or not a
  /// valid TZif file. Leap-second records ("right/" zones) are ignored.
  static std::optional<time_zone> load(const std::string& name, std::string& error,
                                       const std::string& dir = default_zoneinfo_dir());

  /// $TZDIR when set, else "/usr/share/zoneinfo" (Debian's tzdata).
  static std::string default_zoneinfo_dir();

  /// The zone's name as given to load(), "UTC" for the default zone.
  const std::string& name() const { return name_; }

  /// UTC offset in seconds (east positive) at the instant `utc_ns` (ns since the epoch).
  std::int32_t offset_at(std::int64_t utc_ns) const;

  /// Local wall-clock nanoseconds since the epoch of the instant `utc_ns`.
  std::int64_t to_local_ns(std::int64_t utc_ns) const;

private:
  std::string name_ = "UTC";
  std::vector<std::int64_t> transitions_;  ///< UTC seconds, ascending.
  std::vector<std::int32_t> offsets_;      ///< Offset in effect from transitions_[i] on.
  std::int32_t initial_offset_ = 0;        ///< Offset before the first transition.
  std::optional<posix_tz_rule> footer_;    ///< After the last transition, when present.
};

} // namespace tickline
