// Loads the stored report fixture runs (made by test/fixtures/make/report_runs.py with scikit-learn).
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cellKey, type CellReport, type ChartInput, type SweepResults } from '../../src/report/index.js';

/** Folder of the fixture runs. */
export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/report');

/** The hostile strings the fixture plants in labels, names, params and errors. */
export const HOSTILE = ['<script>alert(1)</script>', '&"\'', 'a_b$c%d#e{f}~g^h\\i|j'];

/** A fixture run's results and cell reports. */
export function loadRun(name: 'run-cv' | 'run-holdout'): ChartInput & { dir: string } {
  const dir = path.join(FIXTURES, name);
  const results = JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as SweepResults;
  const reports = new Map<string, CellReport>();
  for (const c of results.cells) {
    if (c.report !== null) reports.set(cellKey(c.dataset, c.algorithm), JSON.parse(readFileSync(path.join(dir, c.report), 'utf8')) as CellReport);
  }
  return { dir, results, reports, lowerIsBetter: new Set() };
}

/** A scratch copy of a fixture run (reports are written into it); `cleanup()` removes it. */
export function copyRun(name: 'run-cv' | 'run-holdout'): { dir: string; cleanup(): void } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sweep-report-'));
  const dir = path.join(root, name);
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return { dir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
