#include "tools/node_db.hpp"

#include <filesystem>
#include <iostream>

#include "storage/store.hpp"

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

} // namespace tickline::cli
