# Every dependency comes from a Debian 12 package; nothing is downloaded.

find_package(Threads REQUIRED)

# libcaf-dev ships neither a CMake package nor a pkg-config file.
find_path(CAF_INCLUDE_DIR caf/all.hpp REQUIRED)
find_library(CAF_CORE_LIBRARY caf_core REQUIRED)
find_library(CAF_IO_LIBRARY caf_io REQUIRED)
find_library(CAF_OPENSSL_LIBRARY caf_openssl REQUIRED)
add_library(tickline_caf INTERFACE)
target_include_directories(tickline_caf SYSTEM INTERFACE ${CAF_INCLUDE_DIR})
target_link_libraries(tickline_caf INTERFACE
  ${CAF_OPENSSL_LIBRARY} ${CAF_IO_LIBRARY} ${CAF_CORE_LIBRARY} Threads::Threads)

find_package(Boost 1.74 REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(RocksDB REQUIRED CONFIG)
find_package(cereal REQUIRED CONFIG)
find_package(tomlplusplus REQUIRED CONFIG)
find_package(nlohmann_json REQUIRED CONFIG)
find_package(spdlog REQUIRED CONFIG)
find_package(CLI11 REQUIRED CONFIG)
find_package(prometheus-cpp REQUIRED CONFIG)
