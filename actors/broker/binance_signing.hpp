#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tickline {

/// HMAC-SHA256 of `payload` with `secret`, as lower-case hex: Binance's request signature.
std::string hmac_sha256_hex(std::string_view secret, std::string_view payload);

/// True when `key` is PEM text ("-----BEGIN ..."): an Ed25519 key, not an HMAC secret.
bool is_pem_key(std::string_view key);
/// Ed25519 signature of `payload` with the PEM private key `pem` (PKCS#8), base64
/// (standard alphabet, padded): Binance's signature for an Ed25519 API key. Empty when
/// `pem` is not an Ed25519 private key.
std::string ed25519_sign_base64(std::string_view pem, std::string_view payload);
/// True when `pem` is an Ed25519 public key in PEM.
bool is_ed25519_public_key(std::string_view pem);
/// The signature Binance expects for `payload`: ed25519_sign_base64 when `secret` is a
/// PEM private key, else hmac_sha256_hex. A REST request sends it percent-encoded.
std::string binance_signature(std::string_view secret, std::string_view payload);

/// `text` percent-encoded as application/x-www-form-urlencoded values are: letters,
/// digits and -_.~ stay, everything else (space included) becomes %XX (upper-case hex).
std::string percent_encode(std::string_view text);

/// Percent-decodes a form-urlencoded component ('+' is a space); nullopt for a '%' not
/// followed by two hex digits.
std::optional<std::string> percent_decode(std::string_view text);

/// Parameters in the order given, encoded as "k1=v1&k2=v2" (values percent-encoded).
std::string encode_params(const std::vector<std::pair<std::string, std::string>>& params);

/// A form-urlencoded string split into its parameters in order, decoded; nullopt and
/// `error` set ("bad percent-encoding in price") for a component that does not decode.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_params(std::string_view text,
                                                                             std::string& error);

/// What was signed and the signature sent, from a request's query string and body
/// (Binance signs the query string followed directly by the body): the `signature`
/// parameter is taken out of whichever holds it, everything else is kept byte for byte
/// in the order sent. `found` is false when no signature was sent.
struct signed_payload {
  std::string payload;
  std::string signature;
  bool found = false;
};
signed_payload split_signature(std::string_view query, std::string_view body);

/// Checks `signature` over `payload`: when `secret` is a PEM public key, as an Ed25519
/// signature in base64 (case matters); else as HMAC-SHA256 hex (any case), compared in
/// constant time.
bool signature_valid(std::string_view secret, std::string_view payload, std::string_view signature);

} // namespace tickline
