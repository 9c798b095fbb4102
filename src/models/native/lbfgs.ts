/**
 * L-BFGS without bounds, as scipy's `minimize(method='L-BFGS-B')` runs it (L-BFGS-B 3.0 with no
 * bounds), which is what scikit-learn's LogisticRegression(solver='lbfgs') and
 * MLPClassifier(solver='lbfgs') call: m = 10 correction pairs, B0 = θI with θ = yᵀy / sᵀy, the
 * Moré–Thuente line search (MINPACK-2 `dcsrch`, ftol 1e-3, gtol 0.9, xtol 0.1) starting at
 * 1/‖d‖ on the first iteration and 1 afterwards, a pair skipped when sᵀy ≤ ε·(−gᵀs), and the
 * memory dropped (steepest descent) after a failed line search. Stops when ‖g‖∞ ≤ gtol, when
 * (f_old − f)/max(|f_old|, |f|, 1) ≤ ftol, or after maxiter iterations / maxfun evaluations (in
 * scipy's order: the iteration limit is checked before the convergence tests).
 */

/** Computes f(x) and writes ∇f(x) into `grad`. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

/** Settings, named as scipy's `options`. */
export interface LbfgsOptions {
  /** Largest number of iterations. */
  maxiter: number;
  /** Largest number of function evaluations (scipy's default 15000). */
  maxfun?: number;
  /** Stop when the largest |gradient| component is at most this (scipy's `gtol`, scikit-learn's `tol`). */
  gtol: number;
  /** Relative reduction of f that stops (scipy's default 2.2e-9 = factr 1e7 × machine ε). */
  ftol?: number;
  /** Correction pairs kept (scipy's `maxcor`, default 10). */
  maxcor?: number;
  /** Called with f after every iteration (a training history). */
  onIteration?: (f: number) => void;
}

/** The outcome, as scipy's `OptimizeResult`. */
export interface LbfgsResult {
  x: Float64Array;
  f: number;
  /** Iterations done (scipy's `nit`). */
  nit: number;
  nfev: number;
  /** 0 converged, 1 iteration or evaluation limit, 2 line search failed. */
  status: 0 | 1 | 2;
  message: string;
}

const EPSMCH = 2.220446049250313e-16;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function infNorm(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

/** State of MINPACK-2's dcsrch between evaluations. */
interface SearchState {
  brackt: boolean;
  stage: 1 | 2;
  ginit: number;
  gtest: number;
  gx: number;
  gy: number;
  finit: number;
  fx: number;
  fy: number;
  stx: number;
  sty: number;
  stmin: number;
  stmax: number;
  width: number;
  width1: number;
}

/** The safeguarded step of MINPACK-2's dcstep; updates the interval in `s` and returns the new step. */
function dcstep(s: { stx: number; fx: number; dx: number; sty: number; fy: number; dy: number; brackt: boolean }, stp: number, fp: number, dp: number, stpmin: number, stpmax: number): number {
  const { stx, fx, dx, sty, fy, dy } = s;
  const sgnd = dp * (dx / Math.abs(dx));
  let stpf: number;
  if (fp > fx) {
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const sc = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = sc * Math.sqrt((theta / sc) ** 2 - (dx / sc) * (dp / sc));
    if (stp < stx) gamma = -gamma;
    const p = gamma - dx + theta;
    const q = gamma - dx + gamma + dp;
    const r = p / q;
    const stpc = stx + r * (stp - stx);
    const stpq = stx + (dx / ((fx - fp) / (stp - stx) + dx) / 2) * (stp - stx);
    stpf = Math.abs(stpc - stx) < Math.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
    s.brackt = true;
  } else if (sgnd < 0) {
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const sc = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = sc * Math.sqrt((theta / sc) ** 2 - (dx / sc) * (dp / sc));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma - dp + gamma + dx;
    const r = p / q;
    const stpc = stp + r * (stx - stp);
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
    s.brackt = true;
  } else if (Math.abs(dp) < Math.abs(dx)) {
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const sc = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = sc * Math.sqrt(Math.max(0, (theta / sc) ** 2 - (dx / sc) * (dp / sc)));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma + (dx - dp) + gamma;
    const r = p / q;
    let stpc: number;
    if (r < 0 && gamma !== 0) stpc = stp + r * (stx - stp);
    else if (stp > stx) stpc = stpmax;
    else stpc = stpmin;
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    if (s.brackt) {
      stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
      stpf = stp > stx ? Math.min(stp + 0.66 * (sty - stp), stpf) : Math.max(stp + 0.66 * (sty - stp), stpf);
    } else {
      stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
      stpf = Math.max(stpmin, Math.min(stpmax, stpf));
    }
  } else if (s.brackt) {
    const theta = (3 * (fp - fy)) / (sty - stp) + dy + dp;
    const sc = Math.max(Math.abs(theta), Math.abs(dy), Math.abs(dp));
    let gamma = sc * Math.sqrt((theta / sc) ** 2 - (dy / sc) * (dp / sc));
    if (stp > sty) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma - dp + gamma + dy;
    const r = p / q;
    stpf = stp + r * (sty - stp);
  } else {
    stpf = stp > stx ? stpmax : stpmin;
  }
  if (fp > fx) {
    s.sty = stp;
    s.fy = fp;
    s.dy = dp;
  } else {
    if (sgnd < 0) {
      s.sty = stx;
      s.fy = fx;
      s.dy = dx;
    }
    s.stx = stp;
    s.fx = fp;
    s.dx = dp;
  }
  return stpf;
}

type SearchTask = 'FG' | 'CONVERGENCE' | 'WARNING';

const FTOL_LS = 1e-3;
const GTOL_LS = 0.9;
const XTOL_LS = 0.1;

/** MINPACK-2's dcsrch after its START call: given f and g at `stp`, returns the next step and the task. */
function dcsrch(st: SearchState, f: number, g: number, stp: number, stpmin: number, stpmax: number): { stp: number; task: SearchTask } {
  const ftest = st.finit + stp * st.gtest;
  if (st.stage === 1 && f <= ftest && g >= 0) st.stage = 2;
  let task: SearchTask = 'FG';
  if (st.brackt && (stp <= st.stmin || stp >= st.stmax)) task = 'WARNING';
  if (st.brackt && st.stmax - st.stmin <= XTOL_LS * st.stmax) task = 'WARNING';
  if (stp === stpmax && f <= ftest && g <= st.gtest) task = 'WARNING';
  if (stp === stpmin && (f > ftest || g >= st.gtest)) task = 'WARNING';
  if (f <= ftest && Math.abs(g) <= GTOL_LS * -st.ginit) task = 'CONVERGENCE';
  if (task !== 'FG') return { stp, task };
  const box = { stx: st.stx, fx: st.fx, dx: st.gx, sty: st.sty, fy: st.fy, dy: st.gy, brackt: st.brackt };
  if (st.stage === 1 && f <= st.fx && f > ftest) {
    const fm = f - stp * st.gtest;
    box.fx = st.fx - st.stx * st.gtest;
    box.fy = st.fy - st.sty * st.gtest;
    box.dx = st.gx - st.gtest;
    box.dy = st.gy - st.gtest;
    const gm = g - st.gtest;
    stp = dcstep(box, stp, fm, gm, st.stmin, st.stmax);
    box.fx = box.fx + box.stx * st.gtest;
    box.fy = box.fy + box.sty * st.gtest;
    box.dx = box.dx + st.gtest;
    box.dy = box.dy + st.gtest;
  } else {
    stp = dcstep(box, stp, f, g, st.stmin, st.stmax);
  }
  st.stx = box.stx;
  st.fx = box.fx;
  st.gx = box.dx;
  st.sty = box.sty;
  st.fy = box.fy;
  st.gy = box.dy;
  st.brackt = box.brackt;
  if (st.brackt) {
    if (Math.abs(st.sty - st.stx) >= 0.66 * st.width1) stp = st.stx + 0.5 * (st.sty - st.stx);
    st.width1 = st.width;
    st.width = Math.abs(st.sty - st.stx);
  }
  if (st.brackt) {
    st.stmin = Math.min(st.stx, st.sty);
    st.stmax = Math.max(st.stx, st.sty);
  } else {
    st.stmin = stp + 1.1 * (stp - st.stx);
    st.stmax = stp + 4 * (stp - st.stx);
  }
  stp = Math.max(stp, stpmin);
  stp = Math.min(stp, stpmax);
  if ((st.brackt && (stp <= st.stmin || stp >= st.stmax)) || (st.brackt && st.stmax - st.stmin <= XTOL_LS * st.stmax)) stp = st.stx;
  return { stp, task: 'FG' };
}

/** Minimizes `fun` from `x0` (not changed). */
export function minimizeLbfgs(fun: Objective, x0: Float64Array, options: LbfgsOptions): LbfgsResult {
  const n = x0.length;
  const m = options.maxcor ?? 10;
  const maxfun = options.maxfun ?? 15000;
  const ftol = options.ftol ?? 2.220446049250313e-9;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  let f = fun(x, g);
  let nfev = 1;
  let nit = 0;
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(n);
  const x0s = new Float64Array(n);
  const g0s = new Float64Array(n);
  const alpha = new Float64Array(m);
  const done = (status: 0 | 1 | 2, message: string): LbfgsResult => ({ x, f, nit, nfev, status, message });
  if (infNorm(g) <= options.gtol) return done(0, 'CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL');
  for (;;) {
    // Search direction d = -H g (two-loop recursion over the stored pairs, H0 = sᵀy / yᵀy).
    for (let i = 0; i < n; i++) d[i] = -g[i]!;
    const pairs = S.length;
    for (let j = pairs - 1; j >= 0; j--) {
      alpha[j] = rho[j]! * dot(S[j]!, d);
      const yj = Y[j]!;
      for (let i = 0; i < n; i++) d[i]! -= alpha[j]! * yj[i]!;
    }
    if (pairs > 0) {
      const gamma = 1 / (rho[pairs - 1]! * dot(Y[pairs - 1]!, Y[pairs - 1]!));
      for (let i = 0; i < n; i++) d[i]! *= gamma;
    }
    for (let j = 0; j < pairs; j++) {
      const beta = rho[j]! * dot(Y[j]!, d);
      const sj = S[j]!;
      const c = alpha[j]! - beta;
      for (let i = 0; i < n; i++) d[i]! += c * sj[i]!;
    }
    // Line search along d.
    const fold = f;
    x0s.set(x);
    g0s.set(g);
    const gdInit = dot(g, d);
    let failed = gdInit >= 0;
    if (!failed) {
      const dnorm = Math.sqrt(dot(d, d));
      const stpmax = 1e10;
      let stp = nit === 0 ? Math.min(1 / dnorm, stpmax) : 1;
      const st: SearchState = {
        brackt: false,
        stage: 1,
        finit: f,
        ginit: gdInit,
        gtest: FTOL_LS * gdInit,
        width: stpmax,
        width1: stpmax / 0.5,
        stx: 0,
        fx: f,
        gx: gdInit,
        sty: 0,
        fy: f,
        gy: gdInit,
        stmin: 0,
        stmax: stp + 4 * stp,
      };
      let evals = 0;
      for (;;) {
        for (let i = 0; i < n; i++) x[i] = stp === 1 ? x0s[i]! + d[i]! : stp * d[i]! + x0s[i]!;
        f = fun(x, g);
        nfev++;
        evals++;
        const next = dcsrch(st, f, dot(g, d), stp, 0, stpmax);
        if (next.task !== 'FG') break;
        if (evals >= 20) {
          failed = true;
          break;
        }
        stp = next.stp;
      }
    }
    if (failed) {
      x.set(x0s);
      g.set(g0s);
      f = fold;
      if (S.length === 0) return done(2, 'ABNORMAL_TERMINATION_IN_LNSRCH');
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      continue;
    }
    nit++;
    options.onIteration?.(f);
    if (nit >= options.maxiter) return done(1, 'STOP: TOTAL NO. of ITERATIONS REACHED LIMIT');
    if (nfev > maxfun) return done(1, 'STOP: TOTAL NO. of f AND g EVALUATIONS EXCEEDS LIMIT');
    if (infNorm(g) <= options.gtol) return done(0, 'CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL');
    if (fold - f <= ftol * Math.max(Math.abs(fold), Math.abs(f), 1)) return done(0, 'CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH');
    // Store the pair unless its curvature is too small (L-BFGS-B's test).
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = x[i]! - x0s[i]!;
      y[i] = g[i]! - g0s[i]!;
    }
    const sy = dot(s, y);
    if (sy > EPSMCH * -dot(g0s, s)) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
  }
}
