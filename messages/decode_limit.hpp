#pragma once

// What a stored record may hold, checked as it is read. First, a bound on the lengths it
// may claim. cereal reads a string's or a
// vector's length, then allocates it, before it reads a byte of it: a corrupt length in a
// snapshot or a checkpoint (2^60, or just more memory than the machine has) would
// allocate it. While a decode_limit is in force on a thread, a length greater than the
// record's own size fails the decode (cereal::Exception, refused like any corrupt
// record): no element takes less than one byte. Second, a bool must be stored as 0 or 1:
// cereal copies the byte into the bool as it is, and any other value is undefined.
//
// Every header of messages/ that serializes includes this one, so that every
// translation unit that reads a record sees the same overloads below.

#include <cstdint>
#include <limits>
#include <string>

#include <cereal/archives/binary.hpp>
#include <cereal/archives/portable_binary.hpp>
#include <cereal/cereal.hpp>

namespace tickline {

/// The longest length the record being decoded on this thread may claim; no limit unless
/// a decode_limit is in force.
inline thread_local std::uint64_t decode_size_limit = std::numeric_limits<std::uint64_t>::max();

/// Bounds the lengths in a record of `record_bytes` bytes while it lives.
class decode_limit {
public:
  explicit decode_limit(std::uint64_t record_bytes) : before_(decode_size_limit) {
    decode_size_limit = record_bytes;
  }
  ~decode_limit() { decode_size_limit = before_; }
  decode_limit(const decode_limit&) = delete;
  decode_limit& operator=(const decode_limit&) = delete;

private:
  std::uint64_t before_;
};

namespace detail {

inline void check_decoded_size(std::uint64_t size) {
  if (size > decode_size_limit)
    throw cereal::Exception("a length of " + std::to_string(size) + " in a record of "
                            + std::to_string(decode_size_limit) + " bytes");
}

} // namespace detail
} // namespace tickline

namespace cereal {

// More specific than cereal's own templates for the size tags of the input archives.
inline void CEREAL_SERIALIZE_FUNCTION_NAME(PortableBinaryInputArchive& ar,
                                           SizeTag<CEREAL_SIZE_TYPE&>& t) {
  ar(t.size);
  tickline::detail::check_decoded_size(t.size);
}

inline void CEREAL_SERIALIZE_FUNCTION_NAME(BinaryInputArchive& ar, SizeTag<CEREAL_SIZE_TYPE&>& t) {
  ar(t.size);
  tickline::detail::check_decoded_size(t.size);
}

// More specific than cereal's loads of arithmetic types, for bool.
inline void CEREAL_LOAD_FUNCTION_NAME(PortableBinaryInputArchive& ar, bool& b) {
  std::uint8_t byte = 0;
  ar.loadBinary<1>(&byte, 1);
  if (byte > 1)
    throw Exception("a bool stored as " + std::to_string(byte));
  b = byte == 1;
}

inline void CEREAL_LOAD_FUNCTION_NAME(BinaryInputArchive& ar, bool& b) {
  std::uint8_t byte = 0;
  ar.loadBinary(&byte, 1);
  if (byte > 1)
    throw Exception("a bool stored as " + std::to_string(byte));
  b = byte == 1;
}

} // namespace cereal
