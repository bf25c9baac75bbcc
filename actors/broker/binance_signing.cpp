#include "actors/broker/binance_signing.hpp"

#include <cctype>

#include <memory>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

namespace tickline {

std::string hmac_sha256_hex(std::string_view secret, std::string_view payload) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), mac, &len);
  static const char* const hex = "0123456789abcdef";
  std::string out;
  out.reserve(2 * len);
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[mac[i] >> 4];
    out += hex[mac[i] & 15];
  }
  return out;
}

namespace {

struct pkey_free {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_free>;

// An Ed25519 key from PEM text; null when it is not one. No passphrase prompt.
pkey_ptr read_ed25519(std::string_view pem, bool is_private) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  if (!bio)
    return nullptr;
  static const auto no_prompt = [](char*, int, int, void*) { return 0; };
  pkey_ptr key{is_private ? PEM_read_bio_PrivateKey(bio, nullptr, no_prompt, nullptr)
                          : PEM_read_bio_PUBKEY(bio, nullptr, no_prompt, nullptr)};
  BIO_free(bio);
  if (key && EVP_PKEY_id(key.get()) != EVP_PKEY_ED25519)
    key.reset();
  return key;
}

std::string base64(const unsigned char* data, std::size_t n) {
  std::string out(4 * ((n + 2) / 3) + 1, '\0');
  const int len = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(n));
  out.resize(len < 0 ? 0 : static_cast<std::size_t>(len));
  return out;
}

} // namespace

bool is_pem_key(std::string_view key) { return key.rfind("-----BEGIN ", 0) == 0; }

std::string ed25519_sign_base64(std::string_view pem, std::string_view payload) {
  auto key = read_ed25519(pem, true);
  if (!key)
    return {};
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  unsigned char sig[64];
  std::size_t len = sizeof sig;
  const bool ok = ctx && EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, key.get()) == 1 &&
                  EVP_DigestSign(ctx, sig, &len, reinterpret_cast<const unsigned char*>(payload.data()),
                                 payload.size()) == 1;
  EVP_MD_CTX_free(ctx);
  return ok ? base64(sig, len) : std::string{};
}

bool is_ed25519_public_key(std::string_view pem) { return read_ed25519(pem, false) != nullptr; }

std::string binance_signature(std::string_view secret, std::string_view payload) {
  return is_pem_key(secret) ? ed25519_sign_base64(secret, payload) : hmac_sha256_hex(secret, payload);
}

std::string percent_encode(std::string_view text) {
  static const char* const hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::optional<std::string> percent_decode(std::string_view text) {
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9')
      return c - '0';
    if (c >= 'a' && c <= 'f')
      return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
      return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%') {
      if (i + 2 >= text.size())
        return std::nullopt;
      const int hi = digit(text[i + 1]), lo = digit(text[i + 2]);
      if (hi < 0 || lo < 0)
        return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string encode_params(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty())
      out += '&';
    out += percent_encode(k) + "=" + percent_encode(v);
  }
  return out;
}

std::optional<std::vector<std::pair<std::string, std::string>>> parse_params(std::string_view text,
                                                                             std::string& error) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    auto end = text.find('&', start);
    if (end == std::string_view::npos)
      end = text.size();
    const auto part = text.substr(start, end - start);
    if (!part.empty()) {
      const auto eq = part.find('=');
      auto key = percent_decode(part.substr(0, eq));
      auto value = percent_decode(eq == std::string_view::npos ? std::string_view{} : part.substr(eq + 1));
      if (!key || !value) {
        error = "bad percent-encoding in " + std::string{part.substr(0, eq)};
        return std::nullopt;
      }
      out.emplace_back(std::move(*key), std::move(*value));
    }
    if (end == text.size())
      break;
    start = end + 1;
  }
  return out;
}

namespace {

// Takes "signature=..." out of `text` (with the '&' that joined it); returns whether it
// was there.
bool take_signature(std::string& text, std::string& signature) {
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('&', start);
    if (end == std::string::npos)
      end = text.size();
    if (text.compare(start, 10, "signature=") == 0 && end - start >= 10) {
      signature = text.substr(start + 10, end - start - 10);
      if (start > 0)
        text.erase(start - 1, end - start + 1);              // "&signature=..."
      else
        text.erase(0, end < text.size() ? end + 1 : end);    // "signature=...&" or all
      return true;
    }
    if (end == text.size())
      break;
    start = end + 1;
  }
  return false;
}

} // namespace

signed_payload split_signature(std::string_view query, std::string_view body) {
  signed_payload out;
  std::string q{query}, b{body};
  out.found = take_signature(q, out.signature) || take_signature(b, out.signature);
  out.payload = q + b;
  return out;
}

bool signature_valid(std::string_view secret, std::string_view payload, std::string_view signature) {
  if (is_pem_key(secret)) {
    auto key = read_ed25519(secret, false);
    unsigned char sig[66];
    if (!key || signature.size() != 88)
      return false;
    const int n = EVP_DecodeBlock(sig, reinterpret_cast<const unsigned char*>(signature.data()), 88);
    if (n != 66 || signature.substr(86) != "==")  // 64 bytes, two of padding
      return false;
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    const bool ok = ctx && EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, key.get()) == 1 &&
                    EVP_DigestVerify(ctx, sig, 64, reinterpret_cast<const unsigned char*>(payload.data()),
                                     payload.size()) == 1;
    EVP_MD_CTX_free(ctx);
    return ok;
  }
  const auto want = hmac_sha256_hex(secret, payload);
  if (signature.size() != want.size())
    return false;
  std::string got{signature};
  for (auto& c : got)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return CRYPTO_memcmp(got.data(), want.data(), want.size()) == 0;
}

} // namespace tickline
