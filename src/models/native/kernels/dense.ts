/**
 * Dense matrix products on the WebAssembly SIMD kernel `dense.wat`: the one kernel behind the MLP,
 * logistic regression, SVM kernel rows and k-NN's float distances.
 *
 * - `gemm(m, n, k, A, B, C, options)`: `C = op(A) · op(B)` (or `C += …`) on row-major
 *   `Float64Array`s, `op` an optional transpose. Operands are copied into the kernel's memory
 *   (packed: rows padded to 4, B in column panels), so inputs are never aliased or changed.
 * - `PackedMatrix`: a right-hand operand packed once and multiplied many times (k-NN's training
 *   rows, a fixed weight matrix).
 * - `RowMatrix`: rows kept in the kernel's memory for matrix-vector products `X · v` (SVM kernel
 *   rows, one or two at a time).
 *
 * Precision: `f64` (default) sums each product in increasing k with one multiply and one add per
 * term, as a plain loop does; `f32` rounds the operands to float32 and sums in float32 (twice the
 * lanes), for callers that bound its error themselves (k-NN's candidate search).
 *
 * Memory: each workspace owns a WebAssembly memory. When it is too small a larger one replaces it
 * (the bytes that must survive are copied) instead of `memory.grow`, which would detach the old
 * buffer and slow every later typed-array access in the thread (see test/models/native/detach.test.ts).
 */
import { denseWasm } from './dense-wasm.js';
import { kernelInstantiator, newMemory, PAGE, replaceMemory, type WasmMemory } from './wasm.js';

/** Element type the kernel multiplies in. */
export type Precision = 'f64' | 'f32';

/** Options of `gemm` and `PackedMatrix.multiply`. */
export interface GemmOptions {
  /** A is given as k × m (its transpose is multiplied). */
  transA?: boolean;
  /** B is given as n × k (its transpose is multiplied). */
  transB?: boolean;
  /** Add the product to C instead of overwriting it. */
  accumulate?: boolean;
  /** `f64` (default) or `f32`. */
  precision?: Precision;
}

interface DenseExports {
  gemm_f64(A: number, B: number, C: number, m4: number, n4: number, k: number, nc: number): void;
  gemm_f32(A: number, B: number, C: number, m4: number, n4: number, k: number, nc: number): void;
  gemv_f64(X: number, v: number, y: number, n2: number, rowBytes: number): void;
  xwt_f64(X: number, W: number, out: number, n2: number, rowBytes: number, k2: number): void;
  etx_f64(X: number, E: number, G: number, n2: number, rowBytes: number, k2: number): void;
}

const instantiate = kernelInstantiator<DenseExports>(denseWasm);

/** Rows of A multiplied per kernel call (bounds the scratch for A and C). */
const ROW_CHUNK = 256;
/** Bytes of B panels kept hot while every row block of A passes over them. */
const PANEL_BLOCK_BYTES = 192 * 1024;

/** A WebAssembly memory plus an instance over it; `keep` bytes at the start survive a resize. */
class Workspace {
  memory: WasmMemory;
  exports: DenseExports;
  keep = 0;

  constructor(bytes: number) {
    this.memory = newMemory(bytes);
    this.exports = instantiate(this.memory);
  }

  /** Makes the memory at least `end` bytes long, swapping in a larger one (never `memory.grow`). */
  reserve(end: number): void {
    if (end <= this.memory.buffer.byteLength) return;
    this.memory = replaceMemory(this.memory, end * 1.25, this.keep);
    this.exports = instantiate(this.memory);
  }
}

let shared: Workspace | undefined;
function sharedWorkspace(): Workspace {
  shared ??= new Workspace(PAGE);
  return shared;
}

function align16(n: number): number {
  return Math.ceil(n / 16) * 16;
}

/** Lanes per 16-byte vector, and a 2-vector panel's width in columns. */
function panelWidth(precision: Precision): number {
  return precision === 'f64' ? 4 : 8;
}

/** Writes op(B) (k × n) as column panels of width W, zero-padded to n4 columns, at `off`. */
function packPanels(ws: Workspace, off: number, B: Float64Array, k: number, n: number, transB: boolean, precision: Precision): number {
  const W = panelWidth(precision);
  const n4 = Math.ceil(n / W) * W;
  const out = precision === 'f64' ? new Float64Array(ws.memory.buffer, off, n4 * k) : new Float32Array(ws.memory.buffer, off, n4 * k);
  for (let p = 0; p < n4; p += W) {
    const base = p * k;
    const width = Math.min(W, n - p);
    if (width < W) out.fill(0, base, base + W * k);
    if (transB) {
      // B is n × k: panel column c is B's row p + c.
      for (let c = 0; c < width; c++) {
        const row = (p + c) * k;
        for (let kk = 0; kk < k; kk++) out[base + kk * W + c] = B[row + kk]!;
      }
    } else {
      for (let kk = 0; kk < k; kk++) {
        const src = kk * n + p;
        const dst = base + kk * W;
        for (let c = 0; c < width; c++) out[dst + c] = B[src + c]!;
      }
    }
  }
  return n4;
}

/** Writes rows r0..r0+rows of op(A) (m × k) row-major, zero-padded to a multiple of 4 rows, at `off`. */
function packRows(ws: Workspace, off: number, A: Float64Array, m: number, k: number, r0: number, rows: number, transA: boolean, precision: Precision): number {
  const m4 = Math.ceil(rows / 4) * 4;
  const out = precision === 'f64' ? new Float64Array(ws.memory.buffer, off, m4 * k) : new Float32Array(ws.memory.buffer, off, m4 * k);
  if (transA) {
    // A is k × m: row i of op(A) is column i of A.
    for (let kk = 0; kk < k; kk++) {
      const src = kk * m + r0;
      for (let i = 0; i < rows; i++) out[i * k + kk] = A[src + i]!;
    }
  } else if (precision === 'f64') {
    (out as Float64Array).set(A.subarray(r0 * k, (r0 + rows) * k));
  } else {
    for (let q = 0, s = r0 * k, e = (r0 + rows) * k; s < e; q++, s++) out[q] = A[s]!;
  }
  out.fill(0, rows * k, m4 * k);
  return m4;
}

/** Multiplies packed rows of A (at `aOff`) by panels at `bOff`, rows r0.. of C, for one chunk. */
function multiplyChunk(
  ws: Workspace,
  aOff: number,
  bOff: number,
  cOff: number,
  m4: number,
  n4: number,
  k: number,
  precision: Precision,
  C: Float64Array,
  r0: number,
  rows: number,
  n: number,
  accumulate: boolean,
): void {
  const W = panelWidth(precision);
  const bytes = precision === 'f64' ? 8 : 4;
  const nc = Math.max(W, Math.floor(PANEL_BLOCK_BYTES / Math.max(1, k * bytes) / W) * W);
  if (precision === 'f64') ws.exports.gemm_f64(aOff, bOff, cOff, m4, n4, k, nc);
  else ws.exports.gemm_f32(aOff, bOff, cOff, m4, n4, k, nc);
  const out = precision === 'f64' ? new Float64Array(ws.memory.buffer, cOff, m4 * n4) : new Float32Array(ws.memory.buffer, cOff, m4 * n4);
  for (let i = 0; i < rows; i++) {
    const src = i * n4;
    const dst = (r0 + i) * n;
    if (accumulate) for (let j = 0; j < n; j++) C[dst + j]! += out[src + j]!;
    else if (precision === 'f64' && n === n4) C.set((out as Float64Array).subarray(src, src + n), dst);
    else for (let j = 0; j < n; j++) C[dst + j] = out[src + j]!;
  }
}

function checkSize(name: string, array: Float64Array, expected: number): void {
  if (array.length < expected) throw new RangeError(`gemm: ${name} has ${array.length} values, expected at least ${expected}`);
}

/**
 * `C = op(A) · op(B)` (or `C += …` with `accumulate`): C is m × n, op(A) m × k, op(B) k × n, all
 * row-major. Uses one shared workspace; not re-entrant (JavaScript is not either).
 *
 * @example
 * const C = new Float64Array(m * n);
 * gemm(m, n, k, X, W, C);                          // X (m×k) · W (k×n)
 * gemm(p, h, n, X, delta, grad, { transA: true }); // Xᵀ · delta
 */
export function gemm(m: number, n: number, k: number, A: Float64Array, B: Float64Array, C: Float64Array, options: GemmOptions = {}): void {
  const precision = options.precision ?? 'f64';
  checkSize('A', A, m * k);
  checkSize('B', B, k * n);
  checkSize('C', C, m * n);
  if (m === 0 || n === 0) return;
  if (k === 0) {
    if (!options.accumulate) C.fill(0, 0, m * n);
    return;
  }
  const ws = sharedWorkspace();
  const bytes = precision === 'f64' ? 8 : 4;
  const W = panelWidth(precision);
  const n4 = Math.ceil(n / W) * W;
  const chunk = Math.min(ROW_CHUNK, m);
  const m4 = Math.ceil(chunk / 4) * 4;
  const bOff = 0;
  const aOff = align16(n4 * k * bytes);
  const cOff = align16(aOff + m4 * k * bytes);
  ws.keep = 0;
  ws.reserve(cOff + m4 * n4 * bytes);
  packPanels(ws, bOff, B, k, n, options.transB === true, precision);
  for (let r0 = 0; r0 < m; r0 += chunk) {
    const rows = Math.min(chunk, m - r0);
    const rows4 = packRows(ws, aOff, A, m, k, r0, rows, options.transA === true, precision);
    multiplyChunk(ws, aOff, bOff, cOff, rows4, n4, k, precision, C, r0, rows, n, options.accumulate === true);
  }
}

/**
 * A right-hand operand `op(B)` (k × n) packed once into its own kernel memory, for many products
 * `op(A) · op(B)`. k-NN keeps its training rows this way (`transB`: rows are B's columns).
 */
export class PackedMatrix {
  private readonly ws: Workspace;
  private readonly n4: number;

  constructor(
    B: Float64Array,
    readonly k: number,
    readonly n: number,
    options: { transB?: boolean; precision?: Precision } = {},
  ) {
    this.precision = options.precision ?? 'f64';
    checkSize('B', B, k * n);
    const W = panelWidth(this.precision);
    const bytes = this.precision === 'f64' ? 8 : 4;
    const n4 = Math.ceil(n / W) * W;
    this.ws = new Workspace(n4 * k * bytes + PAGE);
    this.n4 = packPanels(this.ws, 0, B, k, n, options.transB === true, this.precision);
    this.ws.keep = align16(this.n4 * k * bytes);
  }

  readonly precision: Precision;

  /** `C = op(A) · B` (or `C += …`), C m × n row-major; A m × k (k × m with `transA`). */
  multiply(A: Float64Array, m: number, C: Float64Array, options: { transA?: boolean; accumulate?: boolean } = {}): void {
    const { k, n, n4, precision, ws } = this;
    checkSize('A', A, m * k);
    checkSize('C', C, m * n);
    if (m === 0 || n === 0) return;
    const bytes = precision === 'f64' ? 8 : 4;
    const chunk = Math.min(ROW_CHUNK, m);
    const m4 = Math.ceil(chunk / 4) * 4;
    const aOff = ws.keep;
    const cOff = align16(aOff + m4 * Math.max(k, 1) * bytes);
    ws.reserve(cOff + m4 * n4 * bytes);
    for (let r0 = 0; r0 < m; r0 += chunk) {
      const rows = Math.min(chunk, m - r0);
      const rows4 = packRows(ws, aOff, A, m, k, r0, rows, options.transA === true, precision);
      multiplyChunk(ws, aOff, 0, cOff, rows4, n4, k, precision, C, r0, rows, n, options.accumulate === true);
    }
  }
}

/**
 * Rows of X (n × d, float64) kept in their own kernel memory for products that pass over X once:
 * `X · v`, `X · x_i` (an SVM's linear-kernel row), `X · Wᵀ` for a few rows of W (a linear model's
 * scores) and `Eᵀ · X` (its gradient). Each dot product is summed in two interleaved lanes (even
 * and odd columns), then added; `Eᵀ · X` adds rows in pairs.
 *
 * @example
 * const rows = new RowMatrix(X.data, X.rows, X.cols);
 * const dots = new Float64Array(X.rows);
 * rows.rowDots(i, dots); // dots[j] = X[j] · X[i]
 */
export class RowMatrix {
  private readonly ws: Workspace;
  private readonly rowBytes: number;
  private readonly stride: number;
  private readonly n2: number;
  private readonly vOff: number;
  private readonly yOff: number;

  /** With `order`, row m of the matrix is row `order[m]` of X (X keeps at least max(order) + 1 rows). */
  constructor(
    X: Float64Array,
    readonly rows: number,
    readonly cols: number,
    order?: Int32Array,
  ) {
    if (order === undefined) checkSize('X', X, rows * cols);
    else if (order.length < rows) throw new RangeError(`RowMatrix: order has ${order.length} rows, expected ${rows}`);
    const rowLen = Math.ceil(cols / 2) * 2;
    this.rowBytes = Math.max(16, rowLen * 8);
    this.stride = this.rowBytes / 8;
    this.n2 = Math.ceil(rows / 2) * 2;
    this.vOff = this.n2 * this.rowBytes;
    this.yOff = align16(this.vOff + this.rowBytes);
    // Room for products with up to two columns (a binary linear model) without replacing the memory.
    this.ws = new Workspace(align16(this.yOff + this.n2 * 8) + 2 * this.rowBytes + this.n2 * 16 + 64);
    this.ws.keep = this.yOff;
    const data = new Float64Array(this.ws.memory.buffer, 0, this.n2 * this.stride);
    if (order !== undefined) for (let i = 0; i < rows; i++) data.set(X.subarray(order[i]! * cols, (order[i]! + 1) * cols), i * this.stride);
    else if (cols === this.stride) data.set(X.subarray(0, rows * cols));
    else for (let i = 0; i < rows; i++) data.set(X.subarray(i * cols, (i + 1) * cols), i * this.stride);
  }

  /** `out[j] = X[j] · v` for every row j (v has `cols` values). */
  dots(v: Float64Array, out: Float64Array): void {
    checkSize('v', v, this.cols);
    const vec = new Float64Array(this.ws.memory.buffer, this.vOff, this.stride);
    vec.set(v.subarray(0, this.cols));
    this.run(out);
  }

  /** `out[j] = X[j] · X[i]` for every row j. */
  rowDots(i: number, out: Float64Array): void {
    const buffer = this.ws.memory.buffer;
    new Float64Array(buffer, this.vOff, this.stride).set(new Float64Array(buffer, i * this.rowBytes, this.stride));
    this.run(out);
  }

  /**
   * `out[at + k] = X[first + k] · X[i]` for k < count: one row of dot products over a run of rows
   * (an SVM problem's rows, kept contiguous), without touching the others.
   */
  rangeDots(i: number, first: number, count: number, out: Float64Array, at = 0): void {
    if (count <= 0) return;
    if (first < 0 || first + count > this.rows) throw new RangeError(`rangeDots: rows ${first}..${first + count} of ${this.rows}`);
    checkSize('out', out, at + count);
    const buffer = this.ws.memory.buffer;
    new Float64Array(buffer, this.vOff, this.stride).set(new Float64Array(buffer, i * this.rowBytes, this.stride));
    // An odd count reads one row past the run (a padding row, or the vector): its result is dropped.
    this.ws.exports.gemv_f64(first * this.rowBytes, this.vOff, this.yOff, Math.ceil(count / 2) * 2, this.rowBytes);
    out.set(new Float64Array(buffer, this.yOff, count), at);
  }

  private run(out: Float64Array): void {
    checkSize('out', out, this.rows);
    this.ws.exports.gemv_f64(0, this.vOff, this.yOff, this.n2, this.rowBytes);
    out.set(new Float64Array(this.ws.memory.buffer, this.yOff, this.rows));
  }

  /** Scratch for K-column products: W or G (k2 rows), then `out` or E (n2 × k2). */
  private scratch(K: number): { k2: number; wOff: number; eOff: number } {
    const k2 = Math.ceil(K / 2) * 2;
    const wOff = this.ws.keep;
    const eOff = align16(wOff + k2 * this.rowBytes);
    this.ws.reserve(eOff + this.n2 * k2 * 8);
    return { k2, wOff, eOff };
  }

  /** `out (rows × K) = X · Wᵀ`, W K × cols row-major. */
  timesTransposed(W: Float64Array, K: number, out: Float64Array): void {
    checkSize('W', W, K * this.cols);
    checkSize('out', out, this.rows * K);
    const { k2, wOff, eOff } = this.scratch(K);
    const buffer = this.ws.memory.buffer;
    const w = new Float64Array(buffer, wOff, k2 * this.stride).fill(0);
    for (let k = 0; k < K; k++) w.set(W.subarray(k * this.cols, (k + 1) * this.cols), k * this.stride);
    this.ws.exports.xwt_f64(0, wOff, eOff, this.n2, this.rowBytes, k2);
    const res = new Float64Array(buffer, eOff, this.n2 * k2);
    if (k2 === K) out.set(res.subarray(0, this.rows * K));
    else for (let i = 0; i < this.rows; i++) for (let k = 0; k < K; k++) out[i * K + k] = res[i * k2 + k]!;
  }

  /** `G (K × cols) = Eᵀ · X`, E rows × K row-major. */
  transposeTimes(E: Float64Array, K: number, G: Float64Array): void {
    checkSize('E', E, this.rows * K);
    checkSize('G', G, K * this.cols);
    const { k2, wOff, eOff } = this.scratch(K);
    const buffer = this.ws.memory.buffer;
    const e = new Float64Array(buffer, eOff, this.n2 * k2);
    if (k2 === K) {
      e.set(E.subarray(0, this.rows * K));
      e.fill(0, this.rows * K);
    } else {
      e.fill(0);
      for (let i = 0; i < this.rows; i++) for (let k = 0; k < K; k++) e[i * k2 + k] = E[i * K + k]!;
    }
    this.ws.exports.etx_f64(0, eOff, wOff, this.n2, this.rowBytes, k2);
    const g = new Float64Array(buffer, wOff, k2 * this.stride);
    for (let k = 0; k < K; k++) G.set(g.subarray(k * this.stride, k * this.stride + this.cols), k * this.cols);
  }
}
