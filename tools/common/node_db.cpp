#include "tools/common/node_db.hpp"

#include <filesystem>
#include <iostream>

#include <sstream>

#include <cereal/archives/portable_binary.hpp>

#include "actors/learning/learning_model.hpp"
#include "storage/snapshot_store.hpp"
#include "storage/store.hpp"
#include "messages/decode_limit.hpp"

namespace tickline::cli {

std::shared_ptr<store> open_node_db(const std::string& data_dir, const std::string& command,
                                    int& status) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto db_path = (fs::path{data_dir} / "db").string();
  status = 2;
  if (!fs::is_directory(data_dir, ec)) {
    std::cerr << command << ": --data-dir " << data_dir << ": not a directory\n";
    return nullptr;
  }
  if (!fs::is_directory(db_path, ec)) {
    std::cerr << command << ": --data-dir " << data_dir << ": no node database (" << db_path
              << ")\n";
    return nullptr;
  }
  try {
    return store::open(db_path, true);
  } catch (const storage_error& e) {
    std::cerr << command << ": " << e.what() << "\n";
    status = 1;
    return nullptr;
  }
}

std::shared_ptr<learning_model> read_learning_model(const std::shared_ptr<store>& db,
                                                    const std::string& db_path,
                                                    const std::string& command, int& status) {
  status = 1;
  auto snap = snapshot_store{db}.get("learning_daemon");
  auto fail = [&](const std::string& why) {
    std::cerr << command << ": " << why << "\n";
    return nullptr;
  };
  if (!snap.error.empty())
    return fail("the learning daemon's snapshot does not decode: " + snap.error);
  if (!snap.record)
    return fail("no learning daemon snapshot in " + db_path +
                " (is [learning] mode off, or has the node not run yet?)");
  if (snap.record->type != "learning_model")
    return fail("the learning daemon's snapshot is " + snap.record->type + " v" +
                std::to_string(snap.record->version) + ", not a learning_model: written by an older tickline");
  auto m = std::make_shared<learning_model>();
  try {
    decode_limit limit{snap.record->payload.size()};
    std::istringstream is{snap.record->payload};
    cereal::PortableBinaryInputArchive ar{is};
    ar(*m);
  } catch (const std::exception& e) {
    return fail(std::string{"the learning model does not decode: "} + e.what());
  }
  status = 0;
  return m;
}

} // namespace tickline::cli
