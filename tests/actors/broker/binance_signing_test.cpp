#include <catch2/catch.hpp>

#include <cctype>

#include "actors/broker/binance_signing.hpp"
#include "ed25519_keys.hpp"

using namespace tickline;

namespace {
// Binance's documented example key pair (not anyone's real keys).
const std::string doc_secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
const std::string doc_query =
  "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
} // namespace

TEST_CASE("the signature of Binance's documented examples", "[venue][signing]") {
  CHECK(hmac_sha256_hex(doc_secret, doc_query) ==
        "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");
  // The second example: a symbol of full-width digits, percent-encoded before signing.
  const std::string symbol = "\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x94\xEF\xBC\x95\xEF\xBC\x96";
  const auto payload = encode_params({{"symbol", symbol}, {"side", "BUY"}, {"type", "LIMIT"},
                                      {"timeInForce", "GTC"}, {"quantity", "1"}, {"price", "0.1"},
                                      {"recvWindow", "5000"}, {"timestamp", "1499827319559"}});
  CHECK(payload.rfind("symbol=%EF%BC%91%EF%BC%92", 0) == 0);
  CHECK(hmac_sha256_hex(doc_secret, payload) ==
        "e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3");
}

TEST_CASE("the signature is taken out of the query or the body, the rest kept as sent",
          "[venue][signing]") {
  const auto sig = hmac_sha256_hex(doc_secret, doc_query);
  // In the query (GET, DELETE)...
  auto a = split_signature(doc_query + "&signature=" + sig, "");
  CHECK(a.found);
  CHECK(a.payload == doc_query);
  CHECK(signature_valid(doc_secret, a.payload, a.signature));
  // ...in the body (POST), and split between both: the query, then the body.
  auto b = split_signature("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC",
                           "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559&signature=" + sig);
  CHECK(b.found);
  CHECK(b.payload == "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTCquantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559");
  // Upper-case hex is the same signature; any changed byte is not.
  std::string upper = sig;
  for (auto& c : upper)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  CHECK(signature_valid(doc_secret, doc_query, upper));
  CHECK_FALSE(signature_valid(doc_secret, doc_query + "0", sig));
  CHECK_FALSE(signature_valid(doc_secret, doc_query, sig.substr(1)));
  CHECK_FALSE(signature_valid("another secret", doc_query, sig));
  // At the front, and missing.
  auto c = split_signature("signature=" + sig + "&timestamp=1", "");
  CHECK(c.payload == "timestamp=1");
  CHECK_FALSE(split_signature("timestamp=1", "").found);
}

TEST_CASE("form parameters decode, and bad percent-encoding is named", "[venue][signing]") {
  std::string error;
  auto p = parse_params("a=1&b=x%20y+z&c=&d", error);
  REQUIRE(p);
  REQUIRE(p->size() == 4);
  CHECK((*p)[1] == std::pair<std::string, std::string>{"b", "x y z"});
  CHECK((*p)[2].second.empty());
  CHECK((*p)[3].first == "d");
  CHECK_FALSE(parse_params("price=1%2", error));
  CHECK(error == "bad percent-encoding in price");
  CHECK_FALSE(parse_params("qty=%zz", error));
  CHECK(percent_encode("a b/c~") == "a%20b%2Fc~");
}

TEST_CASE("Ed25519 API keys: RFC 8032's vectors, base64 signatures, verified by the public key",
          "[venue][signing][ed25519]") {
  // RFC 8032, section 7.1, TEST 1 (an empty message) and TEST 2 (the byte 0x72).
  const auto one = test::ed25519_from_seed({0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a,
                                            0xf4, 0x92, 0xec, 0x2c, 0xc4, 0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32,
                                            0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60});
  // e5564300c360ac72...7a100b in base64.
  const std::string sig_one =
    "5VZDAMNgrHKQhuLMgG6CioSHfx645dl02HPgZSJJAVVfuIIVkKM7rMYeOXAc+bRr0lv18FlbviRlUUFDjnoQCw==";
  CHECK(is_pem_key(one.private_key));
  CHECK(ed25519_sign_base64(one.private_key, "") == sig_one);
  CHECK(binance_signature(one.private_key, "") == sig_one);
  CHECK(signature_valid(one.public_key, "", sig_one));
  const auto two = test::ed25519_from_seed({0x4c, 0xcd, 0x08, 0x9b, 0x28, 0xff, 0x96, 0xda, 0x9d, 0xb6, 0xc3,
                                            0x46, 0xec, 0x11, 0x4e, 0x0f, 0x5b, 0x8a, 0x31, 0x9f, 0x35, 0xab,
                                            0xa6, 0x24, 0xda, 0x8c, 0xf6, 0xed, 0x4f, 0xb8, 0xa6, 0xfb});
  // 92a009a9f0d4cab8...69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00 in base64.
  const std::string sig_two =
    "kqAJqfDUyrhyDoILX2QlQKKye1QWUD+Ps3YiI+vbadoIWsHkPhWZbkWPNhPQ8R2MOHsurrQwKu6wDSkWErsMAA==";
  CHECK(ed25519_sign_base64(two.private_key, "\x72") == sig_two);
  CHECK(signature_valid(two.public_key, "\x72", sig_two));
  // Binance's payloads: the query string, as sent.
  const auto sig = binance_signature(one.private_key, doc_query);
  CHECK(sig.size() == 88);
  CHECK(signature_valid(one.public_key, doc_query, sig));
  CHECK_FALSE(signature_valid(one.public_key, doc_query + "0", sig));
  CHECK_FALSE(signature_valid(two.public_key, doc_query, sig));
  // Case matters for base64 (not for HMAC's hex).
  auto lowered = sig;
  for (auto& c : lowered)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  CHECK_FALSE(signature_valid(one.public_key, doc_query, lowered));
  CHECK_FALSE(signature_valid(one.public_key, doc_query, sig.substr(0, 87)));
  CHECK_FALSE(signature_valid(one.public_key, doc_query, hmac_sha256_hex(doc_secret, doc_query)));
  // Not a key: nothing signs, nothing verifies; an HMAC secret is not PEM.
  CHECK(ed25519_sign_base64("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "x").empty());
  CHECK_FALSE(signature_valid("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "", sig_one));
  CHECK_FALSE(is_pem_key(doc_secret));
  CHECK(is_ed25519_public_key(one.public_key));
  CHECK_FALSE(is_ed25519_public_key(one.private_key));
  CHECK(binance_signature(doc_secret, doc_query) == hmac_sha256_hex(doc_secret, doc_query));
}
