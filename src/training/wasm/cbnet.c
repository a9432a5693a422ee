/*
 * Checkerboard network kernel (WebAssembly SIMD, float32): one fully connected ReLU network
 * (Small FC / Medium FC, src/models/mlp.ts) trained with plain SGD on softmax cross-entropy, as
 * src/training/train-cb.ts does with tfjs: the same parameters in, the same epoch permutations
 * (drawn in JS), the same batches (the last partial batch kept), w <- w - lr g. Driven by
 * src/training/train-cb-wasm.ts; built by scripts/build-wasm.sh into cbnet.wasm (committed).
 *
 * The first layer uses the inputs' sparsity: a checkerboard row has n noisy colour values and n
 * ones among its n + n^2 entries (CB-20: 40 of 420), so its forward product, weight gradient and
 * update touch only the nonzero inputs' weight rows (a zero input adds exactly nothing, so the
 * result is the dense product's). Its input gradient is never needed. The other layers are
 * small dense products (kernels.h). Cross-entropy in float64, everything else float32.
 */
#include "../../runtime/wasm/kernels.h"

#define MAXL 8

typedef struct {
  int inDim, k, nh, L, batch, chunk, rows, nProbe;
  int in[MAXL], inP[MAXL], out[MAXL], outP[MAXL];
  f32 lr;
  /* data: all rows of the data set [rows, inDim] and the probe rows [nProbe, inDim], unpadded */
  f32* X;
  f32* probeX;
  int32_t* yColour;
  int32_t* yDirection;
  int32_t* perm; /* set by JS before each epoch */
  /* parameters, gradients */
  f32 *W[MAXL], *b[MAXL], *gW[MAXL], *gb[MAXL], *WT[MAXL];
  /* activations for `chunk` rows: A[l] input of layer l (l >= 1), H[l] output, D[l] gradient */
  f32 *A[MAXL], *H[MAXL], *D[MAXL];
  /* sparse first-layer input of the current rows */
  int32_t *nzIdx, *nzStart;
  f32* nzVal;
  /* every data row's nonzero inputs, built once (net_index): row r has entries rowStart[r] .. rowStart[r+1] */
  int32_t *rowStart, *rowIdx;
  f32* rowVal;
  int32_t* touchedList;
  /* column lists of the batch's nonzero inputs (first-layer weight gradient) */
  int32_t *colCount, *colStart, *colRow;
  f32* colVal;
  int32_t* y;
  f64* expBuf; /* exp(logit - max) of one row */
  f32* probeOut[MAXL]; /* [nProbe, out[l]] unpadded, hidden layers */
} Net;

EXPORT("net_create")
Net* net_create(int inDim, int k, int nh, const int32_t* hidden, int batch, f64 lr, int rows, int nProbe) {
  if (nh + 1 > MAXL || nh < 1) return 0;
  Net* t = alloc(sizeof(Net));
  if (!t) return 0;
  t->inDim = inDim;
  t->k = k;
  t->nh = nh;
  t->L = nh + 1;
  t->batch = batch;
  t->chunk = batch > 256 ? batch : 256;
  t->rows = rows;
  t->nProbe = nProbe;
  t->lr = (f32)lr;
  int w = inDim;
  for (int l = 0; l < t->L; l++) {
    t->in[l] = w;
    t->inP[l] = pad8(w);
    t->out[l] = l < nh ? hidden[l] : k;
    t->outP[l] = pad8(t->out[l]);
    w = t->out[l];
  }
  int C = t->chunk;
  t->X = alloc(4u * rows * inDim);
  t->probeX = alloc(4u * nProbe * inDim);
  t->yColour = alloc(4u * rows);
  t->yDirection = alloc(4u * rows);
  t->perm = alloc(4u * rows);
  t->nzIdx = alloc(4u * C * inDim);
  t->nzVal = alloc(4u * C * inDim);
  t->nzStart = alloc(4u * (C + 1));
  t->touchedList = alloc(4u * inDim);
  t->colCount = alloc(4u * inDim);
  t->colStart = alloc(4u * inDim);
  t->colRow = alloc(4u * C * inDim);
  t->colVal = alloc(4u * C * inDim);
  t->y = alloc(4u * C);
  t->expBuf = alloc(8u * pad8(k));
  if (!t->X || !t->probeX || !t->yColour || !t->yDirection || !t->perm || !t->nzIdx || !t->nzVal || !t->nzStart || !t->touchedList || !t->colCount || !t->colStart || !t->colRow || !t->colVal || !t->y || !t->expBuf) return 0;
  for (int l = 0; l < t->L; l++) {
    int iP = t->inP[l], oP = t->outP[l];
    t->W[l] = alloc(4u * iP * oP);
    t->b[l] = alloc(4u * oP);
    t->gW[l] = alloc(4u * iP * oP);
    t->gb[l] = alloc(4u * oP);
    t->WT[l] = alloc(4u * oP * iP);
    t->A[l] = alloc(4u * C * iP);
    t->H[l] = alloc(4u * C * oP);
    t->D[l] = alloc(4u * C * oP);
    if (!t->W[l] || !t->b[l] || !t->gW[l] || !t->gb[l] || !t->WT[l] || !t->A[l] || !t->H[l] || !t->D[l]) return 0;
    if (l < nh) {
      t->probeOut[l] = alloc(4u * nProbe * t->out[l]);
      if (!t->probeOut[l]) return 0;
    }
  }
  return t;
}

EXPORT("net_w") f32* net_w(Net* t, int l) { return t->W[l]; }
EXPORT("net_b") f32* net_b(Net* t, int l) { return t->b[l]; }
EXPORT("net_out_pad") int net_out_pad(Net* t, int l) { return t->outP[l]; }
EXPORT("net_x") f32* net_x(Net* t) { return t->X; }
EXPORT("net_probe_x") f32* net_probe_x(Net* t) { return t->probeX; }
EXPORT("net_y_colour") int32_t* net_y_colour(Net* t) { return t->yColour; }
EXPORT("net_y_direction") int32_t* net_y_direction(Net* t) { return t->yDirection; }
EXPORT("net_perm") int32_t* net_perm(Net* t) { return t->perm; }
EXPORT("net_probe_out") f32* net_probe_out(Net* t, int l) { return t->probeOut[l]; }

/* Index the nonzero inputs of every data row (after JS has written X); 0 when out of memory. */
EXPORT("net_index")
int net_index(Net* t) {
  const int inDim = t->inDim;
  uint32_t nnz = 0;
  for (uint32_t e = 0; e < (uint32_t)t->rows * inDim; e++) nnz += t->X[e] != 0.f;
  t->rowStart = alloc(4u * (t->rows + 1));
  t->rowIdx = alloc(4u * (nnz ? nnz : 1));
  t->rowVal = alloc(4u * (nnz ? nnz : 1));
  if (!t->rowStart || !t->rowIdx || !t->rowVal) return 0;
  uint32_t c = 0;
  for (int r = 0; r < t->rows; r++) {
    t->rowStart[r] = c;
    const f32* x = t->X + (uint32_t)r * inDim;
    for (int q = 0; q < inDim; q++)
      if (x[q] != 0.f) {
        t->rowIdx[c] = q;
        t->rowVal[c] = x[q];
        c++;
      }
  }
  t->rowStart[t->rows] = c;
  return 1;
}

/* The sparse lists of data rows perm[from + i] (perm null: rows from + i), from the row index. */
static void indexed_rows(Net* t, const int32_t* perm, int from, int n) {
  int c = 0;
  for (int i = 0; i < n; i++) {
    t->nzStart[i] = c;
    int r = perm ? perm[from + i] : from + i;
    for (int s = t->rowStart[r]; s < t->rowStart[r + 1]; s++) {
      t->nzIdx[c] = t->rowIdx[s];
      t->nzVal[c] = t->rowVal[s];
      c++;
    }
  }
  t->nzStart[n] = c;
}

/* Nonzero entries of the rows src[idx[i]] (idx null: rows 0..n-1 of src) into the sparse lists. */
static void sparse_rows(Net* t, const f32* src, const int32_t* idx, int from, int n) {
  int c = 0;
  const int inDim = t->inDim;
  for (int i = 0; i < n; i++) {
    t->nzStart[i] = c;
    int r = idx ? idx[from + i] : from + i;
    const f32* x = src + (uint32_t)r * inDim;
    for (int q = 0; q < inDim; q++)
      if (x[q] != 0.f) {
        t->nzIdx[c] = q;
        t->nzVal[c] = x[q];
        c++;
      }
  }
  t->nzStart[n] = c;
}

/* H0[i, :] = b0 + sum over the nonzero inputs of row i of x_iq W0[q, :]. */
static void first_forward(Net* t, int n) {
  const int oP = t->outP[0];
  const f32* W = t->W[0];
  const f32* b = t->b[0];
  f32* H = t->H[0];
  for (int i = 0; i < n; i++) {
    int s0 = t->nzStart[i], s1 = t->nzStart[i + 1];
    f32* h = H + i * oP;
    int j = 0;
    for (; j + 31 < oP; j += 32) {
      v128_t c0 = wasm_v128_load(b + j), c1 = wasm_v128_load(b + j + 4), c2 = wasm_v128_load(b + j + 8), c3 = wasm_v128_load(b + j + 12);
      v128_t c4 = wasm_v128_load(b + j + 16), c5 = wasm_v128_load(b + j + 20), c6 = wasm_v128_load(b + j + 24), c7 = wasm_v128_load(b + j + 28);
      for (int s = s0; s < s1; s++) {
        const f32* w = W + t->nzIdx[s] * oP + j;
        v128_t x = wasm_f32x4_splat(t->nzVal[s]);
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
    for (; j < oP; j += 8) {
      v128_t c0 = wasm_v128_load(b + j), c1 = wasm_v128_load(b + j + 4);
      for (int s = s0; s < s1; s++) {
        const f32* w = W + t->nzIdx[s] * oP + j;
        v128_t x = wasm_f32x4_splat(t->nzVal[s]);
        c0 = wasm_f32x4_add(c0, wasm_f32x4_mul(x, wasm_v128_load(w)));
        c1 = wasm_f32x4_add(c1, wasm_f32x4_mul(x, wasm_v128_load(w + 4)));
      }
      wasm_v128_store(h + j, c0);
      wasm_v128_store(h + j + 4, c1);
    }
  }
}

/* Forward of n rows whose sparse first-layer lists are built; hidden outputs are post-ReLU in A[l+1]. */
static void forward(Net* t, int n) {
  first_forward(t, n);
  for (int l = 0; l < t->L; l++) {
    if (l > 0) gemm(t->A[l], t->inP[l], t->W[l], t->outP[l], t->b[l], t->H[l], n, t->in[l]);
    if (l == t->L - 1) break;
    /* ReLU over the padded width (padding columns are 0 and stay 0); nextP == oP. */
    const int oP = t->outP[l];
    const f32* h = t->H[l];
    f32* a = t->A[l + 1];
    const v128_t zero = wasm_f32x4_splat(0.f);
    for (int e = 0; e < n * oP; e += 4) {
      v128_t v = wasm_v128_load(h + e);
      wasm_v128_store(a + e, wasm_v128_and(v, wasm_f32x4_gt(v, zero)));
    }
  }
}

/* g[j] = sum over rows of D[i, j], j < m (m a multiple of 4; padding columns of D are 0). */
static void col_sums(const f32* D, int n, int m, f32* g) {
  for (int j = 0; j < m; j += 4) wasm_v128_store(g + j, wasm_f32x4_splat(0.f));
  for (int i = 0; i < n; i++)
    for (int j = 0; j < m; j += 4) wasm_v128_store(g + j, wasm_f32x4_add(wasm_v128_load(g + j), wasm_v128_load(D + i * m + j)));
}

/* One SGD step on rows perm[from .. from+n) with labels y; returns the batch's mean loss (nats). */
static f64 step(Net* t, int from, int n, const int32_t* labels) {
  const int L = t->L, k = t->k;
  indexed_rows(t, t->perm, from, n);
  for (int i = 0; i < n; i++) t->y[i] = labels[t->perm[from + i]];
  forward(t, n);
  /* Softmax cross-entropy (float64), gradient of the batch mean. */
  const int kP = t->outP[L - 1];
  const f32* lg = t->H[L - 1];
  f32* dl = t->D[L - 1];
  f64 loss = 0;
  for (int i = 0; i < n; i++) {
    f64 mx = -__builtin_inf();
    for (int c = 0; c < k; c++) if (lg[i * kP + c] > mx) mx = lg[i * kP + c];
    f64 se = 0;
    f64* e = t->expBuf;
    for (int c = 0; c < k; c++) se += (e[c] = exp64(lg[i * kP + c] - mx));
    loss += mx + log64(se) - lg[i * kP + t->y[i]];
    for (int c = 0; c < k; c++) dl[i * kP + c] = (f32)((e[c] / se - (c == t->y[i] ? 1.0 : 0.0)) / n);
  }
  loss /= n;
  if (!(loss - loss == 0)) return loss;
  /* Backward through the dense layers. */
  for (int l = L - 1; l >= 1; l--) {
    const int o = t->out[l], oP = t->outP[l], iP = t->inP[l];
    const f32* D = t->D[l];
    gemm_tn(t->A[l], iP, D, oP, t->gW[l], n, t->in[l]);
    col_sums(D, n, oP, t->gb[l]);
    const int pl = l - 1, poP = t->outP[pl];
    transpose(t->W[l], t->in[l], oP, t->WT[l], iP);
    f32* Dp = t->D[pl];
    gemm(D, oP, t->WT[l], iP, 0, Dp, n, o);
    const f32* hp = t->H[pl];
    const v128_t zero = wasm_f32x4_splat(0.f);
    for (int e = 0; e < n * poP; e += 4) wasm_v128_store(Dp + e, wasm_v128_and(wasm_v128_load(Dp + e), wasm_f32x4_gt(wasm_v128_load(hp + e), zero)));
  }
  /* First layer: gradient rows of the nonzero inputs only. */
  {
    const int oP = t->outP[0];
    const f32* D = t->D[0];
    f32* gW = t->gW[0];
    f32* gb = t->gb[0];
    /* Column lists of the batch's nonzero inputs (counting sort by input index), then each
     * touched weight row accumulated in registers: no read-modify-write chains through memory
     * (every row's noisy colour inputs hit the same n weight rows). */
    int nt = 0;
    int32_t* cnt = t->colCount;
    for (int i = 0; i < n; i++)
      for (int s = t->nzStart[i]; s < t->nzStart[i + 1]; s++) {
        int q = t->nzIdx[s];
        if (cnt[q]++ == 0) t->touchedList[nt++] = q;
      }
    int pos = 0;
    for (int u = 0; u < nt; u++) {
      int q = t->touchedList[u];
      t->colStart[q] = pos;
      pos += cnt[q];
      cnt[q] = t->colStart[q];
    }
    for (int i = 0; i < n; i++)
      for (int s = t->nzStart[i]; s < t->nzStart[i + 1]; s++) {
        int c = cnt[t->nzIdx[s]]++;
        t->colRow[c] = i;
        t->colVal[c] = t->nzVal[s];
      }
    for (int u = 0; u < nt; u++) {
      int q = t->touchedList[u];
      int s0 = t->colStart[q], s1 = cnt[q];
      cnt[q] = 0;
      f32* g = gW + q * oP;
      int j = 0;
      for (; j + 31 < oP; j += 32) {
        v128_t c0 = wasm_f32x4_splat(0.f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        for (int s = s0; s < s1; s++) {
          const f32* d = D + t->colRow[s] * oP + j;
          v128_t x = wasm_f32x4_splat(t->colVal[s]);
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
      for (; j < oP; j += 8) {
        v128_t c0 = wasm_f32x4_splat(0.f), c1 = c0;
        for (int s = s0; s < s1; s++) {
          const f32* d = D + t->colRow[s] * oP + j;
          v128_t x = wasm_f32x4_splat(t->colVal[s]);
          c0 = wasm_f32x4_add(c0, wasm_f32x4_mul(x, wasm_v128_load(d)));
          c1 = wasm_f32x4_add(c1, wasm_f32x4_mul(x, wasm_v128_load(d + 4)));
        }
        wasm_v128_store(g + j, c0);
        wasm_v128_store(g + j + 4, c1);
      }
    }
    col_sums(D, n, oP, gb);
    /* Update: touched rows of W0 (the others have a zero gradient), then b0. */
    const v128_t lr = wasm_f32x4_splat(t->lr);
    f32* W = t->W[0];
    for (int u = 0; u < nt; u++) {
      int q = t->touchedList[u];
      f32* w = W + q * oP;
      const f32* g = gW + q * oP;
      for (int j = 0; j < oP; j += 4) wasm_v128_store(w + j, wasm_f32x4_sub(wasm_v128_load(w + j), wasm_f32x4_mul(lr, wasm_v128_load(g + j))));
    }
    for (int j = 0; j < oP; j++) t->b[0][j] -= t->lr * gb[j];
  }
  for (int l = 1; l < L; l++) {
    const int sz = t->inP[l] * t->outP[l];
    f32* W = t->W[l];
    const f32* g = t->gW[l];
    const v128_t lr = wasm_f32x4_splat(t->lr);
    for (int e = 0; e < sz; e += 4) wasm_v128_store(W + e, wasm_f32x4_sub(wasm_v128_load(W + e), wasm_f32x4_mul(lr, wasm_v128_load(g + e))));
    for (int j = 0; j < t->outP[l]; j++) t->b[l][j] -= t->lr * t->gb[l][j];
  }
  return loss;
}

/* One epoch over perm[0 .. nTrain) (set by JS) on the colour (which = 0) or direction labels.
 * Returns the row-weighted mean loss; a non-finite step stops the epoch and returns its loss. */
EXPORT("net_epoch")
f64 net_epoch(Net* t, int nTrain, int which) {
  const int32_t* labels = which == 0 ? t->yColour : t->yDirection;
  f64 sum = 0;
  int seen = 0;
  for (int from = 0; from < nTrain; from += t->batch) {
    int n = nTrain - from < t->batch ? nTrain - from : t->batch;
    f64 l = step(t, from, n, labels);
    if (!(l - l == 0)) return l;
    sum += l * n;
    seen += n;
  }
  return sum / seen;
}

/* Accuracy (first argmax of the logits) on the direction labels of data rows [from, from + n). */
EXPORT("net_accuracy")
f64 net_accuracy(Net* t, int from, int n) {
  const int L = t->L, k = t->k, kP = t->outP[L - 1];
  int ok = 0;
  for (int s = 0; s < n; s += t->chunk) {
    int m = n - s < t->chunk ? n - s : t->chunk;
    indexed_rows(t, 0, from + s, m);
    forward(t, m);
    const f32* lg = t->H[L - 1];
    for (int i = 0; i < m; i++) {
      int arg = 0;
      for (int c = 1; c < k; c++) if (lg[i * kP + c] > lg[i * kP + arg]) arg = c;
      if (arg == t->yDirection[from + s + i]) ok++;
    }
  }
  return (f64)ok / n;
}

/* Hidden activations (post-ReLU) of the probe rows into net_probe_out(l), [nProbe, out[l]]. */
EXPORT("net_probe")
void net_probe(Net* t) {
  for (int s = 0; s < t->nProbe; s += t->chunk) {
    int m = t->nProbe - s < t->chunk ? t->nProbe - s : t->chunk;
    sparse_rows(t, t->probeX, 0, s, m);
    forward(t, m);
    for (int l = 0; l < t->nh; l++) {
      const int o = t->out[l], P = t->inP[l + 1];
      const f32* a = t->A[l + 1];
      f32* dst = t->probeOut[l] + (uint32_t)s * o;
      for (int i = 0; i < m; i++)
        for (int j = 0; j < o; j++) dst[i * o + j] = a[i * P + j];
    }
  }
}
