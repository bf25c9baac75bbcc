#include <catch2/catch.hpp>

#include <cctype>

#include "actors/broker/binance_signing.hpp"

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
