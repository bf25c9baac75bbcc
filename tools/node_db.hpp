#pragma once

#include <memory>
#include <string>

namespace tickline {
class store;
}

namespace tickline::cli {

/// Opens the database of a node's data directory (DIR/db) read-only, so that the node may
/// be running. On failure says why on stderr, prefixed with `command` ("tickline trades
/// export"), sets `status` (2: no such directory or database; 1: it cannot be read) and
/// returns null.
std::shared_ptr<store> open_node_db(const std::string& data_dir, const std::string& command,
                                    int& status);

} // namespace tickline::cli
