// Must NOT compile: storage/ sits below actors/ and may not include it. The test
// `layering_wrong_way_include_fails` builds this file and expects the build to fail.
#include "actors/node/topology.hpp"
#include "storage/data_dir.hpp"

int layering_probe() { return 0; }
