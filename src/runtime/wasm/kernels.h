/*
 * Shared pieces of the project's WebAssembly kernels (src/info/decoders/wasm/decoder.c,
 * src/training/wasm/cbnet.c): a bump allocator, mulberry32 as src/runtime/rng.ts, and float32
 * SIMD matrix products over row-major matrices whose column counts are padded to multiples of 8.
 * Included (not linked) by each kernel; every function is static.
 */
#ifndef USABLE_INFO_KERNELS_H
#define USABLE_INFO_KERNELS_H
#include <stdint.h>
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(name)))
#define IMPORT(name) __attribute__((import_module("env"), import_name(name)))

typedef float f32;
typedef double f64;

/* ---------------------------------------------------------------------------------------------
 * Memory: a bump allocator above the static data, reset between decoders. */
extern unsigned char __heap_base;
static uintptr_t heap_top = 0;

EXPORT("reset") void reset(void) { heap_top = ((uintptr_t)&__heap_base + 15) & ~(uintptr_t)15; }

static void* alloc(uint32_t bytes) {
  if (heap_top == 0) reset();
  uintptr_t p = heap_top;
  uintptr_t end = (p + bytes + 15) & ~(uintptr_t)15;
  uintptr_t have = __builtin_wasm_memory_size(0) * 65536u;
  if (end > have) {
    uintptr_t pages = (end - have + 65535u) / 65536u;
    if (__builtin_wasm_memory_grow(0, pages) == (uintptr_t)-1) return 0;
  }
  heap_top = end;
  unsigned char* q = (unsigned char*)p;
  for (uint32_t i = 0; i < bytes; i++) q[i] = 0;
  return (void*)p;
}

/* Zeroed, 16-byte aligned memory for JS (0 when memory cannot grow). */
EXPORT("wasm_alloc") void* wasm_alloc(uint32_t bytes) { return alloc(bytes); }

void* memset(void* d, int c, unsigned long n) {
  unsigned char* p = d;
  while (n--) *p++ = (unsigned char)c;
  return d;
}
void* memcpy(void* d, const void* s, unsigned long n) {
  unsigned char* p = d;
  const unsigned char* q = s;
  while (n--) *p++ = *q++;
  return d;
}

/* ---------------------------------------------------------------------------------------------
 * mulberry32, as src/runtime/rng.ts: next() = u32 / 2^32 (exact in float64). */
typedef struct { uint32_t a; } Rng;

static inline f64 rng_next(Rng* r) {
  r->a += 0x6d2b79f5u;
  uint32_t a = r->a;
  uint32_t t = (a ^ (a >> 15)) * (1u | a);
  t = (t + ((t ^ (t >> 7)) * (61u | t))) ^ t;
  return (f64)(t ^ (t >> 14)) / 4294967296.0;
}

/* Fisher-Yates of 0..n-1 in the order of permutation() in rng.ts. */
static void permutation(int32_t* p, int n, Rng* r) {
  for (int i = 0; i < n; i++) p[i] = i;
  for (int i = n - 1; i > 0; i--) {
    int j = (int)__builtin_floor(rng_next(r) * (f64)(i + 1));
    int32_t t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
}

static inline int pad8(int x) { return (x + 7) & ~7; }

/* ---------------------------------------------------------------------------------------------
 * Products. C[n, m] = A[n, kk] B[kk, m] (+ bias), all row-major; m a multiple of 8; lda >= kk. */
__attribute__((noinline)) static void gemm(const f32* A, int lda, const f32* B, int m, const f32* bias, f32* C, int n, int kk) {
  int i = 0;
  for (; i + 3 < n; i += 4) {
    const f32* a0 = A + i * lda;
    const f32* a1 = a0 + lda;
    const f32* a2 = a1 + lda;
    const f32* a3 = a2 + lda;
    for (int j = 0; j < m; j += 8) {
      v128_t z0 = bias ? wasm_v128_load(bias + j) : wasm_f32x4_splat(0.f);
      v128_t z1 = bias ? wasm_v128_load(bias + j + 4) : wasm_f32x4_splat(0.f);
      v128_t c00 = z0, c01 = z1, c10 = z0, c11 = z1, c20 = z0, c21 = z1, c30 = z0, c31 = z1;
      const f32* b = B + j;
      for (int q = 0; q < kk; q++, b += m) {
        v128_t w0 = wasm_v128_load(b), w1 = wasm_v128_load(b + 4);
        v128_t x0 = wasm_f32x4_splat(a0[q]), x1 = wasm_f32x4_splat(a1[q]);
        v128_t x2 = wasm_f32x4_splat(a2[q]), x3 = wasm_f32x4_splat(a3[q]);
        c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(x0, w0));
        c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(x0, w1));
        c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(x1, w0));
        c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(x1, w1));
        c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(x2, w0));
        c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(x2, w1));
        c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(x3, w0));
        c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(x3, w1));
      }
      f32* c = C + i * m + j;
      wasm_v128_store(c, c00);
      wasm_v128_store(c + 4, c01);
      wasm_v128_store(c + m, c10);
      wasm_v128_store(c + m + 4, c11);
      wasm_v128_store(c + 2 * m, c20);
      wasm_v128_store(c + 2 * m + 4, c21);
      wasm_v128_store(c + 3 * m, c30);
      wasm_v128_store(c + 3 * m + 4, c31);
    }
  }
  for (; i < n; i++) {
    const f32* a0 = A + i * lda;
    for (int j = 0; j < m; j += 8) {
      v128_t c00 = bias ? wasm_v128_load(bias + j) : wasm_f32x4_splat(0.f);
      v128_t c01 = bias ? wasm_v128_load(bias + j + 4) : wasm_f32x4_splat(0.f);
      const f32* b = B + j;
      for (int q = 0; q < kk; q++, b += m) {
        v128_t x0 = wasm_f32x4_splat(a0[q]);
        c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(x0, wasm_v128_load(b)));
        c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(x0, wasm_v128_load(b + 4)));
      }
      wasm_v128_store(C + i * m + j, c00);
      wasm_v128_store(C + i * m + j + 4, c01);
    }
  }
}

/* G[kk, m] = A[n, kk]^T D[n, m] (weight gradient); lda >= kk; m a multiple of 8. */
__attribute__((noinline)) static void gemm_tn(const f32* A, int lda, const f32* D, int m, f32* G, int n, int kk) {
  int q = 0;
  for (; q + 3 < kk; q += 4) {
    for (int j = 0; j < m; j += 8) {
      v128_t c00 = wasm_f32x4_splat(0.f), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
      const f32* a = A + q;
      const f32* d = D + j;
      for (int i = 0; i < n; i++, a += lda, d += m) {
        v128_t d0 = wasm_v128_load(d), d1 = wasm_v128_load(d + 4);
        v128_t x0 = wasm_f32x4_splat(a[0]), x1 = wasm_f32x4_splat(a[1]);
        v128_t x2 = wasm_f32x4_splat(a[2]), x3 = wasm_f32x4_splat(a[3]);
        c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(x0, d0));
        c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(x0, d1));
        c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(x1, d0));
        c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(x1, d1));
        c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(x2, d0));
        c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(x2, d1));
        c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(x3, d0));
        c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(x3, d1));
      }
      f32* g = G + q * m + j;
      wasm_v128_store(g, c00);
      wasm_v128_store(g + 4, c01);
      wasm_v128_store(g + m, c10);
      wasm_v128_store(g + m + 4, c11);
      wasm_v128_store(g + 2 * m, c20);
      wasm_v128_store(g + 2 * m + 4, c21);
      wasm_v128_store(g + 3 * m, c30);
      wasm_v128_store(g + 3 * m + 4, c31);
    }
  }
  for (; q < kk; q++) {
    for (int j = 0; j < m; j += 8) {
      v128_t c00 = wasm_f32x4_splat(0.f), c01 = c00;
      const f32* a = A + q;
      const f32* d = D + j;
      for (int i = 0; i < n; i++, a += lda, d += m) {
        v128_t x0 = wasm_f32x4_splat(a[0]);
        c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(x0, wasm_v128_load(d)));
        c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(x0, wasm_v128_load(d + 4)));
      }
      wasm_v128_store(G + q * m + j, c00);
      wasm_v128_store(G + q * m + j + 4, c01);
    }
  }
}

/* T[m, kkPad] = W[kk, m]^T for the real kk rows; padded columns of T stay zero. */
__attribute__((noinline)) static void transpose(const f32* W, int kk, int m, f32* T, int kkPad) {
  for (int q = 0; q < kk; q++)
    for (int j = 0; j < m; j++) T[j * kkPad + q] = W[q * m + j];
}

/* ---------------------------------------------------------------------------------------------
 * exp and log in float64 (relative error ~1e-15 over the ranges the softmax uses). */
typedef union { f64 d; uint64_t u; } Bits;

static f64 exp64(f64 x) {
  if (x < -745.0) return 0.0;
  if (x > 709.0) return __builtin_inf();
  f64 kf = __builtin_nearbyint(x * 1.4426950408889634); /* x / ln 2 */
  f64 r = (x - kf * 6.93147180369123816490e-01) - kf * 1.90821492927058770002e-10;
  /* exp(r), |r| <= 0.347: Taylor series to r^13 (truncation < 1e-16 relative). */
  f64 p = 1.0 / 6227020800.0;
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  int k = (int)kf;
  /* p * 2^k in two halves so that subnormal results and k = 1024 stay exact. */
  int k1 = k / 2, k2 = k - k1;
  Bits a = {.u = (uint64_t)(k1 + 1023) << 52}, b = {.u = (uint64_t)(k2 + 1023) << 52};
  return p * a.d * b.d;
}

static f64 log64(f64 x) {
  if (!(x > 0)) return x == 0 ? -__builtin_inf() : __builtin_nan("");
  if (x == __builtin_inf()) return x;
  Bits b = {.d = x};
  int e = (int)((b.u >> 52) & 0x7ff);
  if (e == 0) { /* subnormal: scale up by 2^54 */
    b.d = x * 18014398509481984.0;
    e = (int)((b.u >> 52) & 0x7ff) - 54;
  }
  e -= 1023;
  b.u = (b.u & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL; /* m in [1, 2) */
  f64 m = b.d;
  if (m > 1.4142135623730951) {
    m *= 0.5;
    e += 1;
  }
  /* log m = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716: series to s^21. */
  f64 s = (m - 1.0) / (m + 1.0), s2 = s * s;
  f64 t = 1.0 / 21;
  t = t * s2 + 1.0 / 19;
  t = t * s2 + 1.0 / 17;
  t = t * s2 + 1.0 / 15;
  t = t * s2 + 1.0 / 13;
  t = t * s2 + 1.0 / 11;
  t = t * s2 + 1.0 / 9;
  t = t * s2 + 1.0 / 7;
  t = t * s2 + 1.0 / 5;
  t = t * s2 + 1.0 / 3;
  t = t * s2 + 1.0;
  return 2.0 * s * t + (f64)e * 6.93147180369123816490e-01 + (f64)e * 1.90821492927058770002e-10;
}

#endif
