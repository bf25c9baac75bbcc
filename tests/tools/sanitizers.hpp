#pragma once

// Which sanitizer this test binary is built with, the same under g++ (which defines
// __SANITIZE_ADDRESS__) and clang (which answers __has_feature).

#if defined(__SANITIZE_ADDRESS__)
#define TICKLINE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TICKLINE_ASAN 1
#endif
#endif
