#pragma once

#include <string>

namespace tickline {

/// The dashboard's files installed with the running executable: `<exe dir>/../share/tickline/web`
/// when it holds an index.html (the build tree and an install prefix are both laid out so);
/// "" when there is none or the executable's path cannot be read.
std::string installed_web_dir();

} // namespace tickline
