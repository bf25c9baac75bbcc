// Writes seed inputs for fuzz_records from a node's data directory (a real node's
// snapshots, journal lines and checkpoints, each behind the mode byte fuzz_records
// reads):  fuzz_seed_records DATA_DIR OUT_DIR
// Run once to refresh fuzz/corpus/records; the node must be stopped.

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "actors/trading/orders/order_manager_state.hpp"
#include "actors/trading/orders/orders_checkpoint.hpp"
#include "actors/trading/portfolio/ledger_codec.hpp"
#include "fuzz/record_types.hpp"
#include "storage/snapshot_store.hpp"
#include "storage/store.hpp"

using namespace tickline;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: fuzz_seed_records DATA_DIR OUT_DIR\n";
    return 2;
  }
  auto db = store::open(argv[1], true);
  const std::string out = argv[2];
  int n = 0;
  auto seed = [&](char mode, char sub, const std::string& bytes) {
    std::ofstream{out + "/seed-" + std::to_string(++n), std::ios::binary}
      << mode << sub << bytes;
  };
  db->scan(column::snapshots, "", "", [&](const std::string&, const std::string& v) {
    seed(0, 0, v);
    std::string error;
    if (auto r = snapshot_store::decode(v, error))
      for (std::size_t i = 0; i < fuzz::record_types.size(); ++i)
        if (fuzz::record_types[i] == r->type)
          seed(1, static_cast<char>(i), r->payload);
    return true;
  });
  int lines = 0;
  db->scan(column::journal, "", "", [&](const std::string&, const std::string& v) {
    if (!v.empty() && v[0] == '{' && lines++ < 40)
      seed(2, 0, v);
    return true;
  });
  db->scan(column::meta, "journal-checkpoint/", "journal-checkpoint/",
           [&](const std::string&, const std::string& v) {
    if (v.size() < 8)
      return true;
    const auto blob = v.substr(8);
    seed(3, 0, blob);
    order_manager_state om;
    portfolio_state ledger;
    std::string error;
    if (decode_orders_checkpoint(blob, om, ledger, error))
      seed(4, 0, encode_ledger(ledger));
    return true;
  });
  std::cout << n << " seeds written to " << out << "\n";
  return 0;
}
