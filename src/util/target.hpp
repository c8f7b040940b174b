#pragma once
// Target regions: code between ROWGUARD_TARGET_REGION("avx2,...") and ROWGUARD_UNTARGET_REGION is
// compiled for that instruction set while the rest of the library keeps baseline flags, so one
// binary carries every kernel and picks one at run time. Include every standard header a kernel
// needs before opening the region: functions defined inside it get the target, and a standard
// template instantiated there must not become an AVX version the whole program links to.

#define ROWGUARD_STRINGIFY_IMPL(x) #x
#define ROWGUARD_STRINGIFY(x) ROWGUARD_STRINGIFY_IMPL(x)

#if defined(__clang__)
#define ROWGUARD_TARGET_REGION(T) \
  _Pragma(ROWGUARD_STRINGIFY(clang attribute push(__attribute__((target(T))), apply_to = function)))
#define ROWGUARD_UNTARGET_REGION _Pragma("clang attribute pop")
#elif defined(__GNUC__)
#define ROWGUARD_TARGET_REGION(T) _Pragma("GCC push_options") _Pragma(ROWGUARD_STRINGIFY(GCC target(T)))
#define ROWGUARD_UNTARGET_REGION _Pragma("GCC pop_options")
#else
#define ROWGUARD_TARGET_REGION(T)
#define ROWGUARD_UNTARGET_REGION
#endif

// The instruction sets each kernel needs (and the CPU must have, see src/kernels.cpp).
#define ROWGUARD_TARGET_AVX2 "avx2,bmi,bmi2,pclmul,popcnt,lzcnt"
#define ROWGUARD_TARGET_AVX512 "avx512f,avx512bw,avx512vl,avx2,bmi,bmi2,pclmul,popcnt,lzcnt"
#define ROWGUARD_TARGET_AVX512_VBMI2 "avx512vbmi2,avx512f,avx512bw,avx512vl,avx2,bmi,bmi2,pclmul,popcnt,lzcnt"
