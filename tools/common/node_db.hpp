#pragma once

#include <memory>
#include <string>

namespace tickline {
class store;
struct learning_model;
}

namespace tickline::cli {

/// Opens the database of a node's data directory (DIR/db) read-only, so that the node may
/// be running. On failure says why on stderr, prefixed with `command` ("tickline trades
/// export"), sets `status` (2: no such directory or database; 1: it cannot be read) and
/// returns null.
std::shared_ptr<store> open_node_db(const std::string& data_dir, const std::string& command,
                                    int& status);

/// The learning daemon's model from its latest snapshot in `db` (at `db_path`, for the
/// messages). On failure says why on stderr, prefixed with `command` (no snapshot, a
/// snapshot of another type or an older tickline's, one that does not decode), sets
/// `status` to 1 and returns null.
std::shared_ptr<learning_model> read_learning_model(const std::shared_ptr<store>& db,
                                                    const std::string& db_path,
                                                    const std::string& command, int& status);

} // namespace tickline::cli
