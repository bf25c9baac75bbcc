#pragma once

namespace tickline {

/// The annotated TOML of the demo node (the same text as examples/demo.toml): four
/// symbols, one synthetic feed, whale detector on, HTTP on 127.0.0.1:8080. The returned
/// string is static and always loads without problems.
const char* demo_config_toml();

} // namespace tickline
