// Stored records on any bytes, as a corrupt RocksDB value would present them: the
// snapshot record and every state class behind it (through tickline-inspect's decoder,
// which also renders the state), the order manager's journal lines and checkpoints, the
// portfolio ledger and the paper broker's ledger. Each must refuse what it cannot read
// with a reason, never crash; a journal line it reads must read back the same once
// written again.

#include <cstdint>
#include <stdexcept>
#include <string>

#include "actors/broker/broker_ledger.hpp"
#include "actors/trading/orders/order_manager_state.hpp"
#include "actors/trading/orders/order_records.hpp"
#include "actors/trading/orders/orders_checkpoint.hpp"
#include "actors/trading/portfolio/ledger_codec.hpp"
#include "fuzz/fuzz_check.hpp"
#include "fuzz/record_types.hpp"
#include "storage/snapshot_store.hpp"
#include "tools/inspect/inspect_decode.hpp"

using namespace tickline;

namespace {

void decode_snapshot(const snapshot_record& r) {
  std::string error;
  const auto state = cli::decode_state(r, error);
  fuzz::require(state.has_value() != !error.empty(), "a state decoded and refused at once");
}

void journal_line(const std::string& text) {
  std::string error;
  const auto r = decode_record(text, error);
  if (!r) {
    fuzz::require(!error.empty(), "a journal line refused without a reason");
    return;
  }
  const auto again = encode_record(*r);
  const auto back = decode_record(again, error);
  fuzz::require(back.has_value(), "a journal line written from a read one does not read back");
  fuzz::require(encode_record(*back) == again, "a journal line changes when read back");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2)
    return 0;
  const std::string rest{reinterpret_cast<const char*>(data) + 2, size - 2};
  std::string error;
  switch (data[0] % 6) {
  case 0: {  // a whole snapshot record
    if (auto r = snapshot_store::decode(rest, error))
      decode_snapshot(*r);
    else
      fuzz::require(!error.empty(), "a snapshot record refused without a reason");
    break;
  }
  case 1: {  // a state class's payload
    snapshot_record r;
    r.name = "fuzz";
    r.type = fuzz::record_types[data[1] % fuzz::record_types.size()];
    r.payload = rest;
    decode_snapshot(r);
    break;
  }
  case 2:
    journal_line(rest);
    break;
  case 3: {
    order_manager_state om;
    portfolio_state ledger;
    if (!decode_orders_checkpoint(rest, om, ledger, error))
      fuzz::require(!error.empty(), "a checkpoint refused without a reason");
    break;
  }
  case 4: {
    portfolio_state ledger;
    if (!decode_ledger(rest, ledger, error))
      fuzz::require(!error.empty(), "a ledger refused without a reason");
    break;
  }
  default:
    try {
      broker_ledger::decode(rest);
    } catch (const std::runtime_error&) {
      // Refused, as documented.
    }
    break;
  }
  return 0;
}
