#pragma once

// Ed25519 key pairs as PEM text for the signing tests: from a 32-byte seed (RFC 8032's
// test vectors) or a fresh random one.

#include <array>
#include <string>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

namespace tickline::test {

struct ed25519_pem {
  std::string private_key;  ///< PKCS#8 PEM.
  std::string public_key;   ///< SubjectPublicKeyInfo PEM.
};

inline std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(n));
  BIO_free(bio);
  return out;
}

inline ed25519_pem pem_of(EVP_PKEY* key) {
  ed25519_pem out;
  BIO* priv = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(priv, key, nullptr, nullptr, 0, nullptr, nullptr);
  out.private_key = bio_text(priv);
  BIO* pub = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(pub, key);
  out.public_key = bio_text(pub);
  EVP_PKEY_free(key);
  return out;
}

inline ed25519_pem ed25519_from_seed(const std::array<unsigned char, 32>& seed) {
  return pem_of(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
}

inline ed25519_pem ed25519_random() {
  EVP_PKEY* key = nullptr;
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr);
  EVP_PKEY_keygen_init(ctx);
  EVP_PKEY_keygen(ctx, &key);
  EVP_PKEY_CTX_free(ctx);
  return pem_of(key);
}

} // namespace tickline::test
