/**
 * libsvm's C-SVC `Solver` (Fan, Chen and Lin, JMLR 2005): SMO with second-order working-set
 * selection (WSS3), shrinking with one unshrink at 10·eps, gradient reconstruction, and ρ from
 * the free variables (or the midpoint of the bounds). It solves
 *
 *   min ½ αᵀQα − eᵀα   s.t. yᵀα = 0, 0 ≤ α_i ≤ C_i,   Q_ij = y_i y_j K(x_i, x_j),
 *
 * with Q rows in float32 from an LRU cache bounded by `cache_size`, as libsvm (`SVC_Q`, `Cache`).
 */
import type { TrainingKernel, ProblemKernel } from './kernel.js';
import { RowCache, type CacheArena } from './row-cache.js';

const TAU = 1e-12;
const LOWER = 0;
const UPPER = 1;
const FREE = 2;

/** One binary problem over some training rows. */
export interface BinaryProblem {
  /** Training-row indices (into the kernel's rows), in the solver's initial order. */
  rows: Int32Array;
  /** +1 / −1 per entry of `rows`. */
  y: Int8Array;
  /** Upper bound (C times weight) per entry of `rows`. */
  C: Float64Array;
}

/** Solver settings. */
export interface SolverOptions {
  eps: number;
  shrinking: boolean;
  cacheBytes: number;
  /** Iteration limit; −1 for none (scikit-learn's default). */
  maxIter: number;
  /** Row storage shared by the problems of one fit (reused instead of reallocated). */
  arena?: CacheArena;
}

/** The solution: signed coefficients y_i α_i per entry of `rows`, and ρ (decision = Σ coef K − ρ). */
export interface BinarySolution {
  coef: Float64Array;
  rho: number;
  iterations: number;
  /** True when `maxIter` stopped the solver. */
  stoppedEarly: boolean;
}

/** libsvm's SVC_Q: float32 rows y_i y_j K(i, j) over the solver's current order, cached. */
class SvcQ {
  readonly QD: Float64Array;
  private readonly cache: RowCache;

  constructor(
    private readonly kernel: ProblemKernel,
    /** Current position → ±1 (the solver's own array, swapped with positions). */
    private readonly y: Int8Array,
    cacheBytes: number,
    arena: CacheArena | undefined,
  ) {
    const l = kernel.train.length;
    this.cache = new RowCache(l, cacheBytes, arena);
    this.QD = new Float64Array(l);
    for (let i = 0; i < l; i++) this.QD[i] = kernel.diag(i);
  }

  getQ(i: number, len: number): Float32Array {
    const data = this.cache.get(i, len);
    const start = this.cache.filled;
    if (start < len) this.kernel.block(i, this.y, start, len, data);
    return data;
  }

  /** Hands the cache's row storage back to the arena. */
  release(): void {
    this.cache.release();
  }

  swapIndex(i: number, j: number): void {
    this.cache.swap(i, j);
    this.kernel.swap(i, j);
    const d = this.QD[i]!;
    this.QD[i] = this.QD[j]!;
    this.QD[j] = d;
    // y is the solver's own array: it swaps it with the other per-position state.
  }
}

/** Solves one binary C-SVC problem (libsvm's `solve_c_svc` + `Solver::Solve`). */
export function solveBinarySvc(kernel: TrainingKernel, problem: BinaryProblem, options: SolverOptions): BinarySolution {
  const y = problem.y.slice();
  const Q = new SvcQ(kernel.problem(problem.rows), y, options.cacheBytes, options.arena);
  try {
    return solve(Q, problem, y, options);
  } finally {
    Q.release();
  }
}

/** `Solver::Solve` over Q; `y` is the solver's copy of the labels (swapped with positions). */
function solve(Q: SvcQ, problem: BinaryProblem, y: Int8Array, options: SolverOptions): BinarySolution {
  const l = problem.rows.length;
  const C = problem.C.slice();
  const QD = Q.QD;
  const eps = options.eps;
  const alpha = new Float64Array(l);
  const p = new Float64Array(l).fill(-1);
  const status = new Uint8Array(l);
  const activeSet = new Int32Array(l);
  const G = new Float64Array(l);
  const Gbar = new Float64Array(l);
  for (let i = 0; i < l; i++) {
    status[i] = LOWER; // alpha starts at 0
    activeSet[i] = i;
    G[i] = p[i]!;
  }
  let activeSize = l;
  let unshrink = false;

  const updateStatus = (i: number): void => {
    if (alpha[i]! >= C[i]!) status[i] = UPPER;
    else if (alpha[i]! <= 0) status[i] = LOWER;
    else status[i] = FREE;
  };

  const swapIndex = (i: number, j: number): void => {
    Q.swapIndex(i, j);
    let t: number;
    t = y[i]!; y[i] = y[j]!; y[j] = t;
    t = G[i]!; G[i] = G[j]!; G[j] = t;
    t = status[i]!; status[i] = status[j]!; status[j] = t;
    t = alpha[i]!; alpha[i] = alpha[j]!; alpha[j] = t;
    t = p[i]!; p[i] = p[j]!; p[j] = t;
    t = activeSet[i]!; activeSet[i] = activeSet[j]!; activeSet[j] = t;
    t = Gbar[i]!; Gbar[i] = Gbar[j]!; Gbar[j] = t;
    t = C[i]!; C[i] = C[j]!; C[j] = t;
  };

  const reconstructGradient = (): void => {
    if (activeSize === l) return;
    let nrFree = 0;
    for (let j = activeSize; j < l; j++) G[j] = Gbar[j]! + p[j]!;
    for (let j = 0; j < activeSize; j++) if (status[j] === FREE) nrFree++;
    if (nrFree * l > 2 * activeSize * (l - activeSize)) {
      for (let i = activeSize; i < l; i++) {
        const Qi = Q.getQ(i, activeSize);
        let g = G[i]!;
        for (let j = 0; j < activeSize; j++) if (status[j] === FREE) g += alpha[j]! * Qi[j]!;
        G[i] = g;
      }
    } else {
      for (let i = 0; i < activeSize; i++) {
        if (status[i] !== FREE) continue;
        const Qi = Q.getQ(i, l);
        const ai = alpha[i]!;
        for (let j = activeSize; j < l; j++) G[j]! += ai * Qi[j]!;
      }
    }
  };

  // Working set: returns -1 when optimal, else i * l + j... kept as two outputs.
  let outI = -1;
  let outJ = -1;
  const selectWorkingSet = (): boolean => {
    let Gmax = -Infinity;
    let Gmax2 = -Infinity;
    let GmaxIdx = -1;
    let GminIdx = -1;
    let objDiffMin = Infinity;
    for (let t = 0; t < activeSize; t++) {
      if (y[t] === 1) {
        if (status[t] !== UPPER && -G[t]! >= Gmax) {
          Gmax = -G[t]!;
          GmaxIdx = t;
        }
      } else if (status[t] !== LOWER && G[t]! >= Gmax) {
        Gmax = G[t]!;
        GmaxIdx = t;
      }
    }
    const i = GmaxIdx;
    const Qi = i !== -1 ? Q.getQ(i, activeSize) : null;
    const QDi = i !== -1 ? QD[i]! : 0;
    const yi = i !== -1 ? y[i]! : 0;
    for (let j = 0; j < activeSize; j++) {
      if (y[j] === 1) {
        if (status[j] !== LOWER) {
          const gradDiff = Gmax + G[j]!;
          if (G[j]! >= Gmax2) Gmax2 = G[j]!;
          if (gradDiff > 0) {
            const quad = QDi + QD[j]! - 2 * yi * Qi![j]!;
            const objDiff = quad > 0 ? -(gradDiff * gradDiff) / quad : -(gradDiff * gradDiff) / TAU;
            if (objDiff <= objDiffMin) {
              GminIdx = j;
              objDiffMin = objDiff;
            }
          }
        }
      } else if (status[j] !== UPPER) {
        const gradDiff = Gmax - G[j]!;
        if (-G[j]! >= Gmax2) Gmax2 = -G[j]!;
        if (gradDiff > 0) {
          const quad = QDi + QD[j]! + 2 * yi * Qi![j]!;
          const objDiff = quad > 0 ? -(gradDiff * gradDiff) / quad : -(gradDiff * gradDiff) / TAU;
          if (objDiff <= objDiffMin) {
            GminIdx = j;
            objDiffMin = objDiff;
          }
        }
      }
    }
    if (Gmax + Gmax2 < eps || GminIdx === -1) return true;
    outI = GmaxIdx;
    outJ = GminIdx;
    return false;
  };

  const beShrunk = (i: number, Gmax1: number, Gmax2: number): boolean => {
    if (status[i] === UPPER) return y[i] === 1 ? -G[i]! > Gmax1 : -G[i]! > Gmax2;
    if (status[i] === LOWER) return y[i] === 1 ? G[i]! > Gmax2 : G[i]! > Gmax1;
    return false;
  };

  const doShrinking = (): void => {
    let Gmax1 = -Infinity;
    let Gmax2 = -Infinity;
    for (let i = 0; i < activeSize; i++) {
      if (y[i] === 1) {
        if (status[i] !== UPPER && -G[i]! >= Gmax1) Gmax1 = -G[i]!;
        if (status[i] !== LOWER && G[i]! >= Gmax2) Gmax2 = G[i]!;
      } else {
        if (status[i] !== UPPER && -G[i]! >= Gmax2) Gmax2 = -G[i]!;
        if (status[i] !== LOWER && G[i]! >= Gmax1) Gmax1 = G[i]!;
      }
    }
    if (!unshrink && Gmax1 + Gmax2 <= eps * 10) {
      unshrink = true;
      reconstructGradient();
      activeSize = l;
    }
    for (let i = 0; i < activeSize; i++) {
      if (!beShrunk(i, Gmax1, Gmax2)) continue;
      activeSize--;
      while (activeSize > i) {
        if (!beShrunk(activeSize, Gmax1, Gmax2)) {
          swapIndex(i, activeSize);
          break;
        }
        activeSize--;
      }
    }
  };

  let iter = 0;
  let counter = Math.min(l, 1000) + 1;
  let stoppedEarly = false;
  for (;;) {
    if (options.maxIter >= 0 && iter >= options.maxIter) {
      stoppedEarly = true;
      break;
    }
    if (--counter === 0) {
      counter = Math.min(l, 1000);
      if (options.shrinking) doShrinking();
    }
    if (selectWorkingSet()) {
      reconstructGradient();
      activeSize = l;
      if (selectWorkingSet()) break;
      counter = 1;
    }
    const i = outI;
    const j = outJ;
    ++iter;
    let Qi = Q.getQ(i, activeSize);
    let Qj = Q.getQ(j, activeSize);
    const Ci = C[i]!;
    const Cj = C[j]!;
    const oldAi = alpha[i]!;
    const oldAj = alpha[j]!;
    let ai = oldAi;
    let aj = oldAj;
    if (y[i] !== y[j]) {
      let quad = QD[i]! + QD[j]! + 2 * Qi[j]!;
      if (quad <= 0) quad = TAU;
      const delta = (-G[i]! - G[j]!) / quad;
      const diff = ai - aj;
      ai += delta;
      aj += delta;
      if (diff > 0) {
        if (aj < 0) {
          aj = 0;
          ai = diff;
        }
      } else if (ai < 0) {
        ai = 0;
        aj = -diff;
      }
      if (diff > Ci - Cj) {
        if (ai > Ci) {
          ai = Ci;
          aj = Ci - diff;
        }
      } else if (aj > Cj) {
        aj = Cj;
        ai = Cj + diff;
      }
    } else {
      let quad = QD[i]! + QD[j]! - 2 * Qi[j]!;
      if (quad <= 0) quad = TAU;
      const delta = (G[i]! - G[j]!) / quad;
      const sum = ai + aj;
      ai -= delta;
      aj += delta;
      if (sum > Ci) {
        if (ai > Ci) {
          ai = Ci;
          aj = sum - Ci;
        }
      } else if (aj < 0) {
        aj = 0;
        ai = sum;
      }
      if (sum > Cj) {
        if (aj > Cj) {
          aj = Cj;
          ai = sum - Cj;
        }
      } else if (ai < 0) {
        ai = 0;
        aj = sum;
      }
    }
    alpha[i] = ai;
    alpha[j] = aj;
    const dAi = ai - oldAi;
    const dAj = aj - oldAj;
    for (let k = 0; k < activeSize; k++) G[k]! += Qi[k]! * dAi + Qj[k]! * dAj;
    const ui = status[i] === UPPER;
    const uj = status[j] === UPPER;
    updateStatus(i);
    updateStatus(j);
    if (ui !== (status[i] === UPPER)) {
      Qi = Q.getQ(i, l);
      if (ui) for (let k = 0; k < l; k++) Gbar[k]! -= Ci * Qi[k]!;
      else for (let k = 0; k < l; k++) Gbar[k]! += Ci * Qi[k]!;
    }
    if (uj !== (status[j] === UPPER)) {
      Qj = Q.getQ(j, l);
      if (uj) for (let k = 0; k < l; k++) Gbar[k]! -= Cj * Qj[k]!;
      else for (let k = 0; k < l; k++) Gbar[k]! += Cj * Qj[k]!;
    }
  }
  if (stoppedEarly) {
    // libsvm (scikit-learn's max_iter): the gradient of shrunk variables is rebuilt before ρ.
    reconstructGradient();
    activeSize = l;
  }

  // calculate_rho
  let nrFree = 0;
  let ub = Infinity;
  let lb = -Infinity;
  let sumFree = 0;
  for (let i = 0; i < activeSize; i++) {
    const yG = y[i]! * G[i]!;
    if (status[i] === UPPER) {
      if (y[i] === -1) ub = Math.min(ub, yG);
      else lb = Math.max(lb, yG);
    } else if (status[i] === LOWER) {
      if (y[i] === 1) ub = Math.min(ub, yG);
      else lb = Math.max(lb, yG);
    } else {
      nrFree++;
      sumFree += yG;
    }
  }
  const rho = nrFree > 0 ? sumFree / nrFree : (ub + lb) / 2;
  const coef = new Float64Array(l);
  for (let i = 0; i < l; i++) coef[activeSet[i]!] = alpha[i]! * y[i]!;
  return { coef, rho, iterations: iter, stoppedEarly };
}
