// Simulator accounts used across the integration tests. Simulator-only credentials: alice's secret is
// the MtGox test vector of shared/data/README.md.
#pragma once

namespace dealer::testing {

inline constexpr const char* kAliceKey = "0b5bd1a5-3f16-4a8b-8ae3-3c0b1b4a0d11";
inline constexpr const char* kAliceSecret =
    "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==";
inline constexpr const char* kBobKey = "2a3b4c5d-0000-4000-8000-00000000b0b0";
inline constexpr const char* kBobSecret =
    "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl9gYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+fw==";
inline constexpr const char* kReaderKey = "6c1f0f6e-95c4-4c1e-9d43-5d2a4b7f8e90";

}  // namespace dealer::testing
