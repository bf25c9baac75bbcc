#pragma once

#include <map>
#include <optional>
#include <string>

namespace tickline {

/// One venue account's credentials.
struct api_credentials {
  std::string api_key;
  std::string secret;
};

/// A file of named API credentials, encrypted at rest: the whole content (JSON of the
/// entries) is sealed with AES-256-GCM under a key derived from a passphrase with scrypt
/// (N = 2^15, r = 8, p = 1, a fresh 16-byte salt and 12-byte nonce at every write). The
/// file is "TLKEYS1\n", then salt, nonce, tag and ciphertext; anything changed in it, or a
/// wrong passphrase, fails the tag check, and the load says so without telling which.
/// Written to a temporary file, synced, then renamed over the old one, mode 0600.
/// Plaintext buffers are wiped after use.
class key_store {
public:
  /// Opens `path` with `passphrase`; a missing file is an empty store. nullopt and
  /// `error` set ("wrong passphrase, or the key file was changed", "not a tickline key
  /// file", "cannot read ...") otherwise.
  static std::optional<key_store> open(const std::string& path, const std::string& passphrase,
                                       std::string& error);

  /// Writes the store back (encrypted); false and `error` set when it cannot.
  bool save(std::string& error) const;

  void put(const std::string& name, api_credentials c) { entries_[name] = std::move(c); }
  bool remove(const std::string& name) { return entries_.erase(name) > 0; }
  const std::map<std::string, api_credentials>& entries() const { return entries_; }
  std::optional<api_credentials> get(const std::string& name) const;

  ~key_store();
  key_store(const key_store&) = default;
  key_store(key_store&&) = default;
  key_store& operator=(const key_store&) = default;
  key_store& operator=(key_store&&) = default;

private:
  key_store() = default;
  std::string path_;
  std::string passphrase_;
  std::map<std::string, api_credentials> entries_;
};

/// An API key shown without revealing it: its first and last 4 characters ("vmPU…h8A"),
/// or "****" when it is 12 characters or shorter.
std::string masked_key(const std::string& api_key);

} // namespace tickline
