/*
 * Decoder kernel (WebAssembly SIMD, float32): trains one decoder q(y|z) exactly as
 * src/info/decoders/decoder-reference.ts specifies (model, random streams, batch plan, step order,
 * diagnostics), in float32 storage and float32 matrix products, with batch-norm statistics,
 * softmax cross-entropy and gradient norms in float64. Built by scripts/build-wasm.sh into
 * decoder.wasm (committed); driven by src/info/decoders/decoder-wasm.ts.
 *
 * Layout: every matrix is row-major with its column count padded to a multiple of 8 (zeros in
 * the padding, which the updates keep at zero), so the products run in 4-row x 8-column SIMD
 * register blocks with no column tails. Random streams come from mulberry32 reproduced bit for
 * bit (src/runtime/rng.ts): the seeds of the init, shuffle and dropout streams are derived in JS.
 * exp and log are computed here in float64 to within a few ulp (not bit-equal to Math.exp and
 * Math.log: an import call per value cost ~10% of a step); pow (once per Adam step) is Math.pow.
 */
#include "../../../runtime/wasm/kernels.h"

IMPORT("pow") double js_pow(double, double);

/* ---------------------------------------------------------------------------------------------
 * Dropout multipliers of `rows` rows of `o` units (row stride oP), in the contract order (row,
 * unit): kept when next() >= p, i.e. when the draw's u32 >= ceil(p 2^32) (exact: p 2^32 is a
 * float64 product by a power of two). mulberry32's state only advances by a constant, so four
 * consecutive draws are computed at once in i32x4 lanes. */
__attribute__((noinline)) static void dropout_masks(Rng* r, f32* m, int rows, int o, int oP, f64 p, f32 keep) {
  f64 tf = __builtin_ceil(p * 4294967296.0);
  uint32_t thr = tf >= 4294967296.0 ? 0xffffffffu : (uint32_t)tf;
  int never = tf >= 4294967296.0; /* p so close to 1 that no draw is kept */
  const v128_t inc = wasm_i32x4_make(1, 2, 3, 4);
  const v128_t cst = wasm_i32x4_splat((int32_t)0x6d2b79f5);
  const v128_t one = wasm_i32x4_splat(1), s61 = wasm_i32x4_splat(61);
  const v128_t vthr = wasm_i32x4_splat((int32_t)thr);
  const v128_t vkeep = wasm_f32x4_splat(never ? 0.f : keep);
  /* The state lives in a local: clang 14 turned splat(r->a) into a load32_splat scheduled after
   * the store of the incremented state (seen in the disassembly), i.e. a stream shifted by 4. */
  uint32_t state = r->a;
  for (int i = 0; i < rows; i++) {
    f32* row = m + i * oP;
    int j = 0;
    for (; j + 3 < o; j += 4) {
      v128_t a = wasm_i32x4_add(wasm_i32x4_splat((int32_t)state), wasm_i32x4_mul(inc, cst));
      state += 4u * 0x6d2b79f5u;
      v128_t t = wasm_i32x4_mul(wasm_v128_xor(a, wasm_u32x4_shr(a, 15)), wasm_v128_or(one, a));
      t = wasm_v128_xor(wasm_i32x4_add(t, wasm_i32x4_mul(wasm_v128_xor(t, wasm_u32x4_shr(t, 7)), wasm_v128_or(s61, t))), t);
      v128_t u = wasm_v128_xor(t, wasm_u32x4_shr(t, 14));
      v128_t kept = wasm_u32x4_ge(u, vthr);
      wasm_v128_store(row + j, wasm_v128_and(kept, vkeep));
    }
    if (j < o) {
      Rng tail = {state};
      for (; j < o; j++) row[j] = (!never && rng_next(&tail) >= p) ? keep : 0.f;
      state = tail.a;
    }
  }
  r->a = state;
}

/* ---------------------------------------------------------------------------------------------
 * Products over the kept units of a dropout-masked layer input A (70% of its entries are exact
 * zeros at p = 0.7): per row the list of kept columns, per column the list of rows keeping it.
 * A zero input adds exactly nothing, so these equal the dense products up to summation order. */
typedef struct {
  int32_t *rowStart, *rowIdx; /* kept columns of each row */
  int32_t *colStart, *colIdx; /* rows keeping each column */
  int32_t* fill;
} Kept;

/* Branch-free (a kept unit is a coin flip, so branches would mispredict ~30% of the time). */
__attribute__((noinline)) static void kept_build(Kept* k, const f32* mask, int n, int o, int oP) {
  int c = 0;
  for (int q = 0; q < o; q++) k->fill[q] = 0;
  for (int i = 0; i < n; i++) {
    k->rowStart[i] = c;
    const f32* m = mask + i * oP;
    for (int q = 0; q < o; q++) {
      int kept = m[q] != 0.f;
      k->rowIdx[c] = q;
      c += kept;
      k->fill[q] += kept;
    }
  }
  k->rowStart[n] = c;
  k->colStart[0] = 0;
  for (int q = 0; q < o; q++) {
    k->colStart[q + 1] = k->colStart[q] + k->fill[q];
    k->fill[q] = k->colStart[q];
  }
  for (int i = 0; i < n; i++)
    for (int s = k->rowStart[i]; s < k->rowStart[i + 1]; s++) k->colIdx[k->fill[k->rowIdx[s]]++] = i;
}

/* H[i, :] = b + sum over the kept columns q of row i of A[i, q] W[q, :]  (m = padded width). */
__attribute__((noinline)) static void sparse_fwd(const Kept* k, const f32* A, int lda, const f32* W, int m, const f32* b, f32* H, int n) {
  for (int i = 0; i < n; i++) {
    const f32* a = A + i * lda;
    f32* h = H + i * m;
    int s0 = k->rowStart[i], s1 = k->rowStart[i + 1];
    int j = 0;
    for (; j + 31 < m; j += 32) {
      v128_t c0 = wasm_v128_load(b + j), c1 = wasm_v128_load(b + j + 4), c2 = wasm_v128_load(b + j + 8), c3 = wasm_v128_load(b + j + 12);
      v128_t c4 = wasm_v128_load(b + j + 16), c5 = wasm_v128_load(b + j + 20), c6 = wasm_v128_load(b + j + 24), c7 = wasm_v128_load(b + j + 28);
      for (int s = s0; s < s1; s++) {
        int q = k->rowIdx[s];
        const f32* w = W + q * m + j;
        v128_t x = wasm_f32x4_splat(a[q]);
        c0 = wasm_f32x4_add(c0, wasm_f32x4_mul(x, wasm_v128_load(w)));
        c1 = wasm_f32x4_add(c1, wasm_f32x4_mul(x, wasm_v128_load(w + 4)));
        c2 = wasm_f32x4_add(c2, wasm_f32x4_mul(x, wasm_v128_load(w + 8)));
        c3 = wasm_f32x4_add(c3, wasm_f32x4_mul(x, wasm_v128_load(w + 12)));
        c4 = wasm_f32x4_add(c4, wasm_f32x4_mul(x, wasm_v128_load(w + 16)));
        c5 = wasm_f32x4_add(c5, wasm_f32x4_mul(x, wasm_v128_load(w + 20)));
        c6 = wasm_f32x4_add(c6, wasm_f32x4_mul(x, wasm_v128_load(w + 24)));
        c7 = wasm_f32x4_add(c7, wasm_f32x4_mul(x, wasm_v128_load(w + 28)));
      }
      wasm_v128_store(h + j, c0);
      wasm_v128_store(h + j + 4, c1);
      wasm_v128_store(h + j + 8, c2);
      wasm_v128_store(h + j + 12, c3);
      wasm_v128_store(h + j + 16, c4);
      wasm_v128_store(h + j + 20, c5);
      wasm_v128_store(h + j + 24, c6);
      wasm_v128_store(h + j + 28, c7);
    }
    for (; j < m; j += 8) {
      v128_t c0 = wasm_v128_load(b + j), c1 = wasm_v128_load(b + j + 4);
      for (int s = s0; s < s1; s++) {
        int q = k->rowIdx[s];
        const f32* w = W + q * m + j;
        v128_t x = wasm_f32x4_splat(a[q]);
        c0 = wasm_f32x4_add(c0, wasm_f32x4_mul(x, wasm_v128_load(w)));
        c1 = wasm_f32x4_add(c1, wasm_f32x4_mul(x, wasm_v128_load(w + 4)));
      }
      wasm_v128_store(h + j, c0);
      wasm_v128_store(h + j + 4, c1);
    }
  }
}

/* G[q, :] = sum over the rows i keeping column q of A[i, q] D[i, :]; rows of G for q < kk. */
__attribute__((noinline)) static void sparse_tn(const Kept* k, const f32* A, int lda, const f32* D, int m, f32* G, int kk) {
  for (int q = 0; q < kk; q++) {
    f32* g = G + q * m;
    int s0 = k->colStart[q], s1 = k->colStart[q + 1];
    int j = 0;
    for (; j + 31 < m; j += 32) {
      v128_t c0 = wasm_f32x4_splat(0.f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
      for (int s = s0; s < s1; s++) {
        int i = k->colIdx[s];
        const f32* d = D + i * m + j;
        v128_t x = wasm_f32x4_splat(A[i * lda + q]);
        c0 = wasm_f32x4_add(c0, wasm_f32x4_mul(x, wasm_v128_load(d)));
        c1 = wasm_f32x4_add(c1, wasm_f32x4_mul(x, wasm_v128_load(d + 4)));
        c2 = wasm_f32x4_add(c2, wasm_f32x4_mul(x, wasm_v128_load(d + 8)));
        c3 = wasm_f32x4_add(c3, wasm_f32x4_mul(x, wasm_v128_load(d + 12)));
        c4 = wasm_f32x4_add(c4, wasm_f32x4_mul(x, wasm_v128_load(d + 16)));
        c5 = wasm_f32x4_add(c5, wasm_f32x4_mul(x, wasm_v128_load(d + 20)));
        c6 = wasm_f32x4_add(c6, wasm_f32x4_mul(x, wasm_v128_load(d + 24)));
        c7 = wasm_f32x4_add(c7, wasm_f32x4_mul(x, wasm_v128_load(d + 28)));
      }
      wasm_v128_store(g + j, c0);
      wasm_v128_store(g + j + 4, c1);
      wasm_v128_store(g + j + 8, c2);
      wasm_v128_store(g + j + 12, c3);
      wasm_v128_store(g + j + 16, c4);
      wasm_v128_store(g + j + 20, c5);
      wasm_v128_store(g + j + 24, c6);
      wasm_v128_store(g + j + 28, c7);
    }
    for (; j < m; j += 8) {
      v128_t c0 = wasm_f32x4_splat(0.f), c1 = c0;
      for (int s = s0; s < s1; s++) {
        int i = k->colIdx[s];
        const f32* d = D + i * m + j;
        v128_t x = wasm_f32x4_splat(A[i * lda + q]);
        c0 = wasm_f32x4_add(c0, wasm_f32x4_mul(x, wasm_v128_load(d)));
        c1 = wasm_f32x4_add(c1, wasm_f32x4_mul(x, wasm_v128_load(d + 4)));
      }
      wasm_v128_store(g + j, c0);
      wasm_v128_store(g + j + 4, c1);
    }
  }
}

/* dA[i, q] = sum_j D[i, j] W[q, j] at the kept (i, q), 0 elsewhere (row stride ldo of dA). */
__attribute__((noinline)) static void sparse_nt(const Kept* k, const f32* D, int m, const f32* W, f32* dA, int ldo, int n) {
  for (int i = 0; i < n; i++) {
    f32* out = dA + i * ldo;
    for (int q = 0; q < ldo; q += 4) wasm_v128_store(out + q, wasm_f32x4_splat(0.f));
    const f32* d = D + i * m;
    for (int s = k->rowStart[i]; s < k->rowStart[i + 1]; s++) {
      int q = k->rowIdx[s];
      const f32* w = W + q * m;
      v128_t c0 = wasm_f32x4_splat(0.f), c1 = c0;
      for (int j = 0; j < m; j += 8) {
        c0 = wasm_f32x4_add(c0, wasm_f32x4_mul(wasm_v128_load(d + j), wasm_v128_load(w + j)));
        c1 = wasm_f32x4_add(c1, wasm_f32x4_mul(wasm_v128_load(d + j + 4), wasm_v128_load(w + j + 4)));
      }
      v128_t c = wasm_f32x4_add(c0, c1);
      out[q] = (wasm_f32x4_extract_lane(c, 0) + wasm_f32x4_extract_lane(c, 1)) + (wasm_f32x4_extract_lane(c, 2) + wasm_f32x4_extract_lane(c, 3));
    }
  }
}

/* ---------------------------------------------------------------------------------------------
 * Element-wise parts of a step, 4 units at a time (float64 lanes for the batch-norm arithmetic:
 * each element sees the same operations in the same order as a scalar loop, so the results are
 * the scalar code's bit for bit). Units beyond the last multiple of 4 take the scalar path. */
#define LO2(v) wasm_f64x2_promote_low_f32x4(v)
#define HI2(v) wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 2, 3))
#define JOIN2(a, b) wasm_i32x4_shuffle(wasm_f32x4_demote_f64x2_zero(a), wasm_f32x4_demote_f64x2_zero(b), 0, 1, 4, 5)

/* Batch-norm forward in place on h[n, o] (row stride oP): batch mean and biased variance in
 * float64, inverse std, xhat (float32) and gamma * xhat + beta. Returns the largest inverse std. */
__attribute__((noinline)) static f64 bn_forward(f32* h, f32* xh, int n, int o, int oP, f64* mu, f64* var, f64* is, const f32* g, const f32* be, f64 eps) {
  const int o4 = o & ~3;
  for (int j = 0; j < o; j++) mu[j] = 0, var[j] = 0;
  for (int i = 0; i < n; i++) {
    const f32* r = h + i * oP;
    int j = 0;
    for (; j < o4; j += 4) {
      v128_t v = wasm_v128_load(r + j);
      wasm_v128_store(mu + j, wasm_f64x2_add(wasm_v128_load(mu + j), LO2(v)));
      wasm_v128_store(mu + j + 2, wasm_f64x2_add(wasm_v128_load(mu + j + 2), HI2(v)));
    }
    for (; j < o; j++) mu[j] += r[j];
  }
  for (int j = 0; j < o; j++) mu[j] /= n;
  for (int i = 0; i < n; i++) {
    const f32* r = h + i * oP;
    int j = 0;
    for (; j < o4; j += 4) {
      v128_t v = wasm_v128_load(r + j);
      v128_t d0 = wasm_f64x2_sub(LO2(v), wasm_v128_load(mu + j)), d1 = wasm_f64x2_sub(HI2(v), wasm_v128_load(mu + j + 2));
      wasm_v128_store(var + j, wasm_f64x2_add(wasm_v128_load(var + j), wasm_f64x2_mul(d0, d0)));
      wasm_v128_store(var + j + 2, wasm_f64x2_add(wasm_v128_load(var + j + 2), wasm_f64x2_mul(d1, d1)));
    }
    for (; j < o; j++) {
      f64 dv = r[j] - mu[j];
      var[j] += dv * dv;
    }
  }
  f64 mx = 0;
  for (int j = 0; j < o; j++) {
    var[j] /= n;
    is[j] = 1.0 / __builtin_sqrt(var[j] + eps);
    if (is[j] > mx) mx = is[j];
  }
  for (int i = 0; i < n; i++) {
    f32* r = h + i * oP;
    f32* x = xh + i * oP;
    int j = 0;
    for (; j < o4; j += 4) {
      v128_t v = wasm_v128_load(r + j);
      v128_t a = wasm_f64x2_mul(wasm_f64x2_sub(LO2(v), wasm_v128_load(mu + j)), wasm_v128_load(is + j));
      v128_t b = wasm_f64x2_mul(wasm_f64x2_sub(HI2(v), wasm_v128_load(mu + j + 2)), wasm_v128_load(is + j + 2));
      v128_t hv = JOIN2(a, b);
      wasm_v128_store(x + j, hv);
      wasm_v128_store(r + j, wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(g + j), hv), wasm_v128_load(be + j)));
    }
    for (; j < o; j++) {
      f32 hv = (f32)((r[j] - mu[j]) * is[j]);
      x[j] = hv;
      r[j] = g[j] * hv + be[j];
    }
  }
  return mx;
}

/* LeakyReLU then the dropout multiplier m: next = act(h) m, fac = act'(h) m (all stride oP). */
__attribute__((noinline)) static void act_dropout(const f32* h, const f32* m, f32* next, f32* fac, int n, int o, int oP, f32 slope) {
  const int o4 = o & ~3;
  const v128_t vs = wasm_f32x4_splat(slope), one = wasm_f32x4_splat(1.f), zero = wasm_f32x4_splat(0.f);
  for (int i = 0; i < n; i++) {
    const f32* hr = h + i * oP;
    const f32* mr = m + i * oP;
    f32* nr = next + i * oP;
    f32* fr = fac + i * oP;
    int j = 0;
    for (; j < o4; j += 4) {
      v128_t v = wasm_v128_load(hr + j), mk = wasm_v128_load(mr + j);
      v128_t pos = wasm_f32x4_gt(v, zero);
      wasm_v128_store(nr + j, wasm_f32x4_mul(wasm_v128_bitselect(v, wasm_f32x4_mul(vs, v), pos), mk));
      wasm_v128_store(fr + j, wasm_f32x4_mul(wasm_v128_bitselect(one, vs, pos), mk));
    }
    for (; j < o; j++) {
      f32 v = hr[j], mk = mr[j];
      int pos = v > 0;
      nr[j] = (pos ? v : slope * v) * mk;
      fr[j] = (pos ? 1.f : slope) * mk;
    }
  }
}

/* Dp *= fac, then batch-norm backward in place: Dp from d(BN output) to d(linear output);
 * gGamma, gBeta the affine gradients (all float64 arithmetic, rounded to float32 at the end). */
__attribute__((noinline)) static void fac_bn_backward(f32* Dp, const f32* fac, const f32* xh, int n, int o, int oP, int bn, const f32* gamma, const f64* is, f64* sdy, f64* sdyx, f64* c, f32* gG, f32* gB) {
  const int o4 = o & ~3;
  for (int i = 0; i < n; i++) {
    f32* r = Dp + i * oP;
    const f32* fr = fac + i * oP;
    int j = 0;
    for (; j < o4; j += 4) wasm_v128_store(r + j, wasm_f32x4_mul(wasm_v128_load(r + j), wasm_v128_load(fr + j)));
    for (; j < o; j++) r[j] *= fr[j];
  }
  if (!bn) return;
  for (int j = 0; j < o; j++) sdy[j] = 0, sdyx[j] = 0;
  for (int i = 0; i < n; i++) {
    const f32* r = Dp + i * oP;
    const f32* x = xh + i * oP;
    int j = 0;
    for (; j < o4; j += 4) {
      v128_t v = wasm_v128_load(r + j), xv = wasm_v128_load(x + j);
      v128_t d0 = LO2(v), d1 = HI2(v);
      wasm_v128_store(sdy + j, wasm_f64x2_add(wasm_v128_load(sdy + j), d0));
      wasm_v128_store(sdy + j + 2, wasm_f64x2_add(wasm_v128_load(sdy + j + 2), d1));
      wasm_v128_store(sdyx + j, wasm_f64x2_add(wasm_v128_load(sdyx + j), wasm_f64x2_mul(d0, LO2(xv))));
      wasm_v128_store(sdyx + j + 2, wasm_f64x2_add(wasm_v128_load(sdyx + j + 2), wasm_f64x2_mul(d1, HI2(xv))));
    }
    for (; j < o; j++) {
      f64 dv = r[j];
      sdy[j] += dv;
      sdyx[j] += dv * x[j];
    }
  }
  for (int j = 0; j < o; j++) {
    gG[j] = (f32)sdyx[j];
    gB[j] = (f32)sdy[j];
    c[j] = gamma[j] * is[j] / n;
  }
  const v128_t nn = wasm_f64x2_splat((f64)n);
  for (int i = 0; i < n; i++) {
    f32* r = Dp + i * oP;
    const f32* x = xh + i * oP;
    int j = 0;
    for (; j < o4; j += 4) {
      v128_t v = wasm_v128_load(r + j), xv = wasm_v128_load(x + j);
      v128_t a = wasm_f64x2_mul(wasm_v128_load(c + j), wasm_f64x2_sub(wasm_f64x2_sub(wasm_f64x2_mul(nn, LO2(v)), wasm_v128_load(sdy + j)), wasm_f64x2_mul(LO2(xv), wasm_v128_load(sdyx + j))));
      v128_t b = wasm_f64x2_mul(wasm_v128_load(c + j + 2), wasm_f64x2_sub(wasm_f64x2_sub(wasm_f64x2_mul(nn, HI2(v)), wasm_v128_load(sdy + j + 2)), wasm_f64x2_mul(HI2(xv), wasm_v128_load(sdyx + j + 2))));
      wasm_v128_store(r + j, JOIN2(a, b));
    }
    for (; j < o; j++) r[j] = (f32)(c[j] * (n * (f64)r[j] - sdy[j] - x[j] * sdyx[j]));
  }
}

/* ---------------------------------------------------------------------------------------------
 * One decoder. Layer l maps width in[l] (padded inP[l]) to out[l] (padded outP[l]); layers
 * 0..nh-1 are hidden (Linear -> BatchNorm -> LeakyReLU -> Dropout), layer nh the output. */
#define MAXL 8

typedef struct {
  /* config */
  int dim, dimP, k, nh, L, bn, epochs, batch, adam, nTrain, nTest;
  int in[MAXL], inP[MAXL], out[MAXL], outP[MAXL];
  f64 dropout, slope, eps, mom, lr, wd, beta1, beta2, adamEps;
  f32 keepScale;
  /* data (unpadded rows as given) */
  f32* trainZ;
  int32_t* trainY;
  f32* testZ;
  int32_t* testY;
  /* parameters and optimiser state */
  f32 *W[MAXL], *b[MAXL], *gamma[MAXL], *beta[MAXL];
  f64 *runMean[MAXL], *runVar[MAXL];
  f32 *mW[MAXL], *vW[MAXL], *mb[MAXL], *vb[MAXL], *mg[MAXL], *vg[MAXL], *mbe[MAXL], *vbe[MAXL];
  /* gradients */
  f32 *gW[MAXL], *gb[MAXL], *gGamma[MAXL], *gBeta[MAXL];
  /* activations: A[l] input of layer l [batch, inP[l]]; H[l] linear / BN output [batch, outP[l]] */
  f32 *A[MAXL], *H[MAXL], *xhat[MAXL], *fac[MAXL], *mask[MAXL], *D[MAXL], *WT[MAXL];
  f64 *bMean[MAXL], *bVar[MAXL], *invStd[MAXL];
  f64 *bSdy, *bSdyx, *bC; /* batch-norm backward sums, widest hidden layer */
  f64* expBuf;              /* exp(logit - max) of one row */
  Kept kept[MAXL];          /* kept units of the dropout mask of hidden layer l (input of layer l+1) */
  int32_t* perm;
  int32_t* y;
  /* streams and counters */
  Rng shuffle, drop;
  int stepsPerEpoch, steps, applied;
  f64* gradNorms;
  f64 maxBnScale;
  /* evaluation */
  f64* ce;
} Dec;

static int batches_per_epoch(int nTrain, int batch, int bn) {
  int full = nTrain / batch;
  int rest = nTrain - full * batch;
  return full + ((rest > 0 && !bn) ? 1 : 0);
}

/*
 * Allocate and initialise one decoder; returns its state, 0 when memory ran out. hidden: up to
 * MAXL-1 widths in h (a pointer into memory, written by JS with `alloc`).
 */
EXPORT("dec_create")
Dec* dec_create(int dim, int k, int nh, const int32_t* hidden, int bn, f64 dropout, f64 slope, f64 eps, f64 mom,
                int epochs, int batch, int adam, f64 lr, f64 wd, f64 beta1, f64 beta2, f64 adamEps, int nTrain, int nTest,
                uint32_t seedInit, uint32_t seedShuffle, uint32_t seedDrop, int keepPartial) {
  if (nh + 1 > MAXL) return 0;
  Dec* d = alloc(sizeof(Dec));
  if (!d) return 0;
  d->dim = dim;
  d->dimP = pad8(dim);
  d->k = k;
  d->nh = nh;
  d->L = nh + 1;
  d->bn = bn;
  d->epochs = epochs;
  d->batch = batch;
  d->adam = adam;
  d->nTrain = nTrain;
  d->nTest = nTest;
  d->dropout = dropout;
  d->slope = slope;
  d->eps = eps;
  d->mom = mom;
  d->lr = lr;
  d->wd = wd;
  d->beta1 = beta1;
  d->beta2 = beta2;
  d->adamEps = adamEps;
  d->keepScale = (f32)(1.0 / (1.0 - dropout));
  int w = dim;
  for (int l = 0; l < d->L; l++) {
    d->in[l] = w;
    d->inP[l] = pad8(w);
    d->out[l] = l < nh ? hidden[l] : k;
    d->outP[l] = pad8(d->out[l]);
    w = d->out[l];
  }
  int B = batch;
  d->trainZ = alloc(4u * nTrain * dim);
  d->trainY = alloc(4u * nTrain);
  d->testZ = alloc(4u * nTest * dim);
  d->testY = alloc(4u * nTest);
  d->perm = alloc(4u * nTrain);
  d->y = alloc(4u * B);
  /* keepPartial: the pre-amendment plan (tests of the failure it caused only). */
  d->stepsPerEpoch = batches_per_epoch(nTrain, batch, bn && !keepPartial);
  d->gradNorms = alloc(8u * epochs * d->stepsPerEpoch);
  d->ce = alloc(8u * nTest);
  int widest = 8;
  for (int l = 0; l < nh; l++) if (hidden[l] > widest) widest = hidden[l];
  d->bSdy = alloc(8u * widest);
  d->bSdyx = alloc(8u * widest);
  d->bC = alloc(8u * widest);
  d->expBuf = alloc(8u * pad8(k));
  if (!d->expBuf) return 0;
  if (!d->bSdy || !d->bSdyx || !d->bC) return 0;
  if (!d->trainZ || !d->trainY || !d->testZ || !d->testY || !d->perm || !d->y || !d->gradNorms || !d->ce) return 0;
  for (int l = 0; l < d->L; l++) {
    int iP = d->inP[l], oP = d->outP[l];
    d->W[l] = alloc(4u * iP * oP);
    d->b[l] = alloc(4u * oP);
    d->gW[l] = alloc(4u * iP * oP);
    d->gb[l] = alloc(4u * oP);
    d->A[l] = alloc(4u * B * iP);
    d->H[l] = alloc(4u * B * oP);
    d->D[l] = alloc(4u * B * oP);
    d->WT[l] = alloc(4u * oP * iP);
    if (!d->W[l] || !d->b[l] || !d->gW[l] || !d->gb[l] || !d->A[l] || !d->H[l] || !d->D[l] || !d->WT[l]) return 0;
    if (adam) {
      d->mW[l] = alloc(4u * iP * oP);
      d->vW[l] = alloc(4u * iP * oP);
      d->mb[l] = alloc(4u * oP);
      d->vb[l] = alloc(4u * oP);
      if (!d->mW[l] || !d->vW[l] || !d->mb[l] || !d->vb[l]) return 0;
    }
    if (l < nh) {
      d->xhat[l] = alloc(4u * B * oP);
      d->fac[l] = alloc(4u * B * oP);
      d->mask[l] = alloc(4u * B * oP);
      if (!d->xhat[l] || !d->fac[l] || !d->mask[l]) return 0;
      Kept* kp = &d->kept[l];
      kp->rowStart = alloc(4u * (B + 1));
      kp->rowIdx = alloc(4u * B * oP);
      kp->colStart = alloc(4u * (oP + 1));
      kp->colIdx = alloc(4u * B * oP);
      kp->fill = alloc(4u * oP);
      if (!kp->rowStart || !kp->rowIdx || !kp->colStart || !kp->colIdx || !kp->fill) return 0;
      if (bn) {
        d->gamma[l] = alloc(4u * oP);
        d->beta[l] = alloc(4u * oP);
        d->gGamma[l] = alloc(4u * oP);
        d->gBeta[l] = alloc(4u * oP);
        d->runMean[l] = alloc(8u * oP);
        d->runVar[l] = alloc(8u * oP);
        d->bMean[l] = alloc(8u * oP);
        d->bVar[l] = alloc(8u * oP);
        d->invStd[l] = alloc(8u * oP);
        if (!d->gamma[l] || !d->beta[l] || !d->gGamma[l] || !d->gBeta[l] || !d->runMean[l] || !d->runVar[l] || !d->bMean[l] || !d->bVar[l] || !d->invStd[l]) return 0;
        for (int j = 0; j < d->out[l]; j++) {
          d->gamma[l][j] = 1.f;
          d->runVar[l][j] = 1.0;
        }
        if (adam) {
          d->mg[l] = alloc(4u * oP);
          d->vg[l] = alloc(4u * oP);
          d->mbe[l] = alloc(4u * oP);
          d->vbe[l] = alloc(4u * oP);
          if (!d->mg[l] || !d->vg[l] || !d->mbe[l] || !d->vbe[l]) return 0;
        }
      }
    }
  }
  /* PyTorch's default Linear init from the init stream: per layer W row-major [in, out], then b. */
  Rng init = {seedInit};
  for (int l = 0; l < d->L; l++) {
    f64 bound = 1.0 / __builtin_sqrt((f64)d->in[l]);
    int oP = d->outP[l];
    for (int q = 0; q < d->in[l]; q++)
      for (int j = 0; j < d->out[l]; j++) d->W[l][q * oP + j] = (f32)(-bound + (bound - -bound) * rng_next(&init));
    for (int j = 0; j < d->out[l]; j++) d->b[l][j] = (f32)(-bound + (bound - -bound) * rng_next(&init));
  }
  d->shuffle.a = seedShuffle;
  d->drop.a = seedDrop;
  return d;
}

EXPORT("dec_train_z") f32* dec_train_z(Dec* d) { return d->trainZ; }
EXPORT("dec_train_y") int32_t* dec_train_y(Dec* d) { return d->trainY; }
EXPORT("dec_test_z") f32* dec_test_z(Dec* d) { return d->testZ; }
EXPORT("dec_test_y") int32_t* dec_test_y(Dec* d) { return d->testY; }
EXPORT("dec_grad_norms") f64* dec_grad_norms(Dec* d) { return d->gradNorms; }
EXPORT("dec_steps") int dec_steps(Dec* d) { return d->steps; }
EXPORT("dec_max_bn_scale") f64 dec_max_bn_scale(Dec* d) { return d->maxBnScale; }
EXPORT("dec_ce") f64* dec_ce(Dec* d) { return d->ce; }

/* Sum of squares in float64 (n a multiple of 4 or not): f32x4 squares promoted to f64x2 lanes. */
__attribute__((noinline)) static f64 sumsq(const f32* g, int n) {
  v128_t a = wasm_f64x2_splat(0), b = wasm_f64x2_splat(0);
  int i = 0;
  for (; i + 3 < n; i += 4) {
    v128_t v = wasm_v128_load(g + i);
    v128_t lo = wasm_f64x2_promote_low_f32x4(v), hi = wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
    a = wasm_f64x2_add(a, wasm_f64x2_mul(lo, lo));
    b = wasm_f64x2_add(b, wasm_f64x2_mul(hi, hi));
  }
  v128_t c = wasm_f64x2_add(a, b);
  f64 s = wasm_f64x2_extract_lane(c, 0) + wasm_f64x2_extract_lane(c, 1);
  for (; i < n; i++) s += (f64)g[i] * (f64)g[i];
  return s;
}

__attribute__((noinline)) static void sgd(f32* p, const f32* g, int n, f32 lr) {
  for (int i = 0; i < n; i++) p[i] -= lr * g[i];
}

__attribute__((noinline)) static void adam_update(f32* p, const f32* g, f32* m, f32* v, int n, const Dec* d, f64 c1, f64 c2) {
  f32 b1 = (f32)d->beta1, b2 = (f32)d->beta2, wd = (f32)d->wd, eps = (f32)d->adamEps;
  f32 lrc = (f32)(d->lr / c1), ic2 = (f32)(1.0 / c2);
  for (int i = 0; i < n; i++) {
    f32 gi = g[i] + wd * p[i];
    f32 mi = b1 * m[i] + (1.f - b1) * gi;
    f32 vi = b2 * v[i] + (1.f - b2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    p[i] -= lrc * mi / (__builtin_sqrtf(vi * ic2) + eps);
  }
}

/* One optimiser step on rows perm[start .. start+n). Returns the batch's mean loss (nats). */
static f64 step(Dec* d, int start, int n) {
  const int L = d->L, nh = d->nh, dim = d->dim, dimP = d->dimP;
  const f32 slope = (f32)d->slope;
  /* Gather the batch (padding columns stay zero). */
  f32* X = d->A[0];
  for (int i = 0; i < n; i++) {
    int r = d->perm[start + i];
    d->y[i] = d->trainY[r];
    const f32* src = d->trainZ + r * dim;
    f32* dst = X + i * dimP;
    for (int j = 0; j < dim; j++) dst[j] = src[j];
  }
  /* Dropout draws in the contract order: layer, row, unit; kept when next() >= p. */
  for (int l = 0; l < nh; l++) {
    int o = d->out[l], oP = d->outP[l];
    f32* m = d->mask[l];
    if (d->dropout > 0) {
      dropout_masks(&d->drop, m, n, o, oP, d->dropout, d->keepScale);
      kept_build(&d->kept[l], m, n, o, oP);
    } else {
      for (int i = 0; i < n; i++)
        for (int j = 0; j < o; j++) m[i * oP + j] = 1.f;
    }
  }
  /* Forward. */
  for (int l = 0; l < L; l++) {
    int o = d->out[l], oP = d->outP[l];
    f32* h = d->H[l];
    if (l > 0 && d->dropout > 0) sparse_fwd(&d->kept[l - 1], d->A[l], d->inP[l], d->W[l], oP, d->b[l], h, n);
    else gemm(d->A[l], d->inP[l], d->W[l], oP, d->b[l], h, n, d->in[l]);
    if (l == L - 1) break;
    if (d->bn) {
      f64 mx = bn_forward(h, d->xhat[l], n, o, oP, d->bMean[l], d->bVar[l], d->invStd[l], d->gamma[l], d->beta[l], d->eps);
      if (mx > d->maxBnScale) d->maxBnScale = mx;
    }
    /* LeakyReLU and dropout into the next layer's input; fac = d input / d BN output. */
    act_dropout(h, d->mask[l], d->A[l + 1], d->fac[l], n, o, oP, slope);
  }
  /* Softmax cross-entropy (float64) and d loss / d logits of the batch mean. */
  const int k = d->k, kP = d->outP[L - 1];
  const f32* lg = d->H[L - 1];
  f32* dl = d->D[L - 1];
  f64 loss = 0;
  for (int i = 0; i < n; i++) {
    f64 mx = -__builtin_inf();
    for (int c = 0; c < k; c++) if (lg[i * kP + c] > mx) mx = lg[i * kP + c];
    f64 se = 0;
    f64* e = d->expBuf;
    for (int c = 0; c < k; c++) se += (e[c] = exp64(lg[i * kP + c] - mx));
    loss += mx + log64(se) - lg[i * kP + d->y[i]];
    for (int c = 0; c < k; c++) dl[i * kP + c] = (f32)((e[c] / se - (c == d->y[i] ? 1.0 : 0.0)) / n);
  }
  loss /= n;
  /* Backward: D[l] = d loss / d linear output of layer l. */
  for (int l = L - 1; l >= 0; l--) {
    int o = d->out[l], oP = d->outP[l], iP = d->inP[l];
    f32* D = d->D[l];
    if (l > 0 && d->dropout > 0) sparse_tn(&d->kept[l - 1], d->A[l], iP, D, oP, d->gW[l], d->in[l]);
    else gemm_tn(d->A[l], iP, D, oP, d->gW[l], n, d->in[l]);
    f32* gb = d->gb[l];
    for (int j = 0; j < oP; j++) gb[j] = 0.f;
    for (int i = 0; i < n; i++)
      for (int j = 0; j < o; j++) gb[j] += D[i * oP + j];
    if (l == 0) break;
    /* d input of layer l = D W^T, then through dropout and LeakyReLU of layer l-1. */
    int pl = l - 1;
    int po = d->out[pl], poP = d->outP[pl];
    f32* Dp = d->D[pl];
    if (d->dropout > 0) {
      sparse_nt(&d->kept[pl], D, oP, d->W[l], Dp, iP, n);
    } else {
      transpose(d->W[l], d->in[l], oP, d->WT[l], iP);
      gemm(D, oP, d->WT[l], iP, 0, Dp, n, o);
    }
    fac_bn_backward(Dp, d->fac[pl], d->xhat[pl], n, po, poP, d->bn, d->gamma[pl], d->invStd[pl], d->bSdy, d->bSdyx, d->bC, d->gGamma[pl], d->gBeta[pl]);
  }
  /* Gradient norm; a non-finite step changes nothing. */
  f64 sq = 0;
  for (int l = 0; l < L; l++) {
    sq += sumsq(d->gW[l], d->inP[l] * d->outP[l]) + sumsq(d->gb[l], d->outP[l]);
    if (l < nh && d->bn) sq += sumsq(d->gGamma[l], d->out[l]) + sumsq(d->gBeta[l], d->out[l]);
  }
  f64 norm = __builtin_sqrt(sq);
  int finite = (loss - loss == 0) && (norm - norm == 0);
  d->gradNorms[d->steps++] = finite ? norm : __builtin_nan("");
  if (!finite) return __builtin_nan("");
  /* Running batch-norm statistics (unbiased variance in the running average). */
  if (d->bn) {
    for (int l = 0; l < nh; l++)
      for (int j = 0; j < d->out[l]; j++) {
        d->runMean[l][j] = (1 - d->mom) * d->runMean[l][j] + d->mom * d->bMean[l][j];
        d->runVar[l][j] = (1 - d->mom) * d->runVar[l][j] + (d->mom * (d->bVar[l][j] * n)) / (n - 1);
      }
  }
  /* Update. */
  d->applied++;
  if (!d->adam) {
    f32 lr = (f32)d->lr;
    for (int l = 0; l < L; l++) {
      sgd(d->W[l], d->gW[l], d->inP[l] * d->outP[l], lr);
      sgd(d->b[l], d->gb[l], d->outP[l], lr);
      if (l < nh && d->bn) {
        sgd(d->gamma[l], d->gGamma[l], d->out[l], lr);
        sgd(d->beta[l], d->gBeta[l], d->out[l], lr);
      }
    }
  } else {
    f64 c1 = 1.0 - js_pow(d->beta1, d->applied), c2 = 1.0 - js_pow(d->beta2, d->applied);
    for (int l = 0; l < L; l++) {
      adam_update(d->W[l], d->gW[l], d->mW[l], d->vW[l], d->inP[l] * d->outP[l], d, c1, c2);
      adam_update(d->b[l], d->gb[l], d->mb[l], d->vb[l], d->outP[l], d, c1, c2);
      if (l < nh && d->bn) {
        adam_update(d->gamma[l], d->gGamma[l], d->mg[l], d->vg[l], d->out[l], d, c1, c2);
        adam_update(d->beta[l], d->gBeta[l], d->mbe[l], d->vbe[l], d->out[l], d, c1, c2);
      }
    }
  }
  return loss;
}

/* One epoch: a fresh permutation cut into the batch plan. Returns the mean loss of the finite
 * steps (NaN when none was finite). */
EXPORT("dec_epoch")
f64 dec_epoch(Dec* d) {
  permutation(d->perm, d->nTrain, &d->shuffle);
  f64 sum = 0;
  int finite = 0;
  int start = 0;
  for (int s = 0; s < d->stepsPerEpoch; s++) {
    int n = d->nTrain - start < d->batch ? d->nTrain - start : d->batch;
    f64 l = step(d, start, n);
    start += n;
    if (l - l == 0) {
      sum += l;
      finite++;
    }
  }
  return finite ? sum / finite : __builtin_nan("");
}

/* Per-row test cross-entropy (nats) into dec_ce(); returns the number of correct argmaxes.
 * Running batch-norm statistics, no dropout; rows in chunks of the batch size. */
EXPORT("dec_eval")
int dec_eval(Dec* d) {
  const int L = d->L, dim = d->dim, dimP = d->dimP, k = d->k;
  const f32 slope = (f32)d->slope;
  const int chunk = d->batch;
  int correct = 0;
  for (int s = 0; s < d->nTest; s += chunk) {
    int n = d->nTest - s < chunk ? d->nTest - s : chunk;
    f32* X = d->A[0];
    for (int i = 0; i < n; i++) {
      const f32* src = d->testZ + (s + i) * dim;
      for (int j = 0; j < dim; j++) X[i * dimP + j] = src[j];
    }
    for (int l = 0; l < L; l++) {
      int o = d->out[l], oP = d->outP[l];
      f32* h = d->H[l];
      gemm(d->A[l], d->inP[l], d->W[l], oP, d->b[l], h, n, d->in[l]);
      if (l == L - 1) break;
      f32* next = d->A[l + 1];
      int nextP = d->inP[l + 1];
      for (int j = 0; j < o; j++) {
        f64 rs = d->bn ? 1.0 / __builtin_sqrt(d->runVar[l][j] + d->eps) : 1.0;
        f64 rm = d->bn ? d->runMean[l][j] : 0.0;
        f32 g = d->bn ? d->gamma[l][j] : 1.f, be = d->bn ? d->beta[l][j] : 0.f;
        for (int i = 0; i < n; i++) {
          f32 v = h[i * oP + j];
          if (d->bn) v = g * (f32)((v - rm) * rs) + be;
          next[i * nextP + j] = v > 0 ? v : slope * v;
        }
      }
    }
    const f32* lg = d->H[L - 1];
    int kP = d->outP[L - 1];
    for (int i = 0; i < n; i++) {
      f64 mx = -__builtin_inf();
      int arg = 0;
      for (int c = 0; c < k; c++)
        if (lg[i * kP + c] > mx) {
          mx = lg[i * kP + c];
          arg = c;
        }
      f64 se = 0;
      for (int c = 0; c < k; c++) se += exp64(lg[i * kP + c] - mx);
      int yy = d->testY[s + i];
      d->ce[s + i] = mx + log64(se) - lg[i * kP + yy];
      if (arg == yy) correct++;
    }
  }
  return correct;
}

