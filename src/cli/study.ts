/** `sweep study ls` and `sweep study show DATASET/ALGORITHM`: the persisted trials of tpe searches. */
import path from 'node:path';
import { SweepError, unknownNameMessage } from '../core/index.js';
import { listStudies, type StudyFile } from '../sweep/index.js';
import { type ConfigOptions, loadConfig } from './common.js';
import { type CliIO, type Style, fit, formatDuration } from './output.js';

/** The things `sweep study` does. */
export const STUDY_ACTIONS = ['ls', 'show'] as const;

function counts(study: StudyFile): { complete: number; pruned: number; failed: number; best: number | null } {
  const complete = study.trials.filter((t) => t.state === 'complete');
  const values = complete.map((t) => t.value!).filter((v) => v !== null && !Number.isNaN(v));
  const best = values.length === 0 ? null : study.direction === 'maximize' ? Math.max(...values) : Math.min(...values);
  return { complete: complete.length, pruned: study.trials.filter((t) => t.state === 'pruned').length, failed: study.trials.filter((t) => t.state === 'failed').length, best };
}

function number(v: number | null): string {
  return v === null || Number.isNaN(v) ? '—' : v.toFixed(4);
}

/** Lists the studies of the project (`ls`) or prints one cell's trials (`show DATASET/ALGORITHM`). */
export async function studyCommand(io: CliIO, style: Style, action: string, cell: string | undefined, options: ConfigOptions & { out?: string; json?: boolean }): Promise<void> {
  if (!(STUDY_ACTIONS as readonly string[]).includes(action)) {
    const { message, hint } = unknownNameMessage('study action', action, STUDY_ACTIONS);
    throw new SweepError('SWEEP_USAGE', message, { hint });
  }
  const outputDir = options.out !== undefined ? path.resolve(io.cwd, options.out) : (await loadConfig(io, options)).outputDir;
  const studies = await listStudies(outputDir);
  const out = io.stdout;
  if (action === 'ls') {
    const rows = studies.map((s) => ({ cell: `${s.dataset}/${s.algorithm}`, fold: s.fold, key: s.key, scoring: s.scoring, trials: s.trials.length, ...counts(s), file: path.relative(io.cwd, s.file) }));
    if (options.json) return void out.write(`${JSON.stringify(rows, null, 2)}\n`);
    if (rows.length === 0) return void io.stderr.write(`no studies under ${path.join(outputDir, 'studies')} (tpe searches write them)\n`);
    out.write(`${style.bold(fit('cell', 32))} ${fit('fold', 5)} ${fit('trials', 7)} ${fit('pruned', 7)} ${fit('failed', 7)} ${fit('best', 9)} key\n`);
    for (const r of rows) out.write(`${fit(r.cell, 32)} ${fit(String(r.fold), 5)} ${fit(String(r.trials), 7)} ${fit(String(r.pruned), 7)} ${fit(String(r.failed), 7)} ${fit(number(r.best), 9)} ${r.key}\n`);
    return;
  }
  if (cell === undefined) throw new SweepError('SWEEP_USAGE', 'sweep study show needs a cell: DATASET/ALGORITHM', { hint: '`sweep study ls` lists them' });
  const chosen = studies.filter((s) => `${s.dataset}/${s.algorithm}` === cell);
  if (chosen.length === 0) {
    const { message, hint } = unknownNameMessage('study', cell, [...new Set(studies.map((s) => `${s.dataset}/${s.algorithm}`))]);
    throw new SweepError('SWEEP_NOT_FOUND', message, { hint });
  }
  if (options.json) return void out.write(`${JSON.stringify(chosen.map(({ file: _f, ...s }) => s), null, 2)}\n`);
  for (const s of chosen) {
    const c = counts(s);
    out.write(`${style.bold(`${cell}`)} fold ${s.fold} · ${s.method} on ${s.scoring} (${s.direction}) · ${s.trials.length} trials, ${c.pruned} pruned, ${c.failed} failed · best ${number(c.best)} · key ${s.key}\n`);
    out.write(`${fit('#', 5)} ${fit('state', 9)} ${fit('value', 9)} ${fit('step', 5)} ${fit('time', 8)} params\n`);
    for (const t of s.trials) {
      const state = t.state === 'pruned' ? style.yellow(fit('pruned', 9)) : t.state === 'failed' ? style.red(fit('failed', 9)) : fit('complete', 9);
      const step = t.state === 'pruned' ? String(t.pruned_step) : '';
      out.write(`${fit(String(t.number), 5)} ${state} ${fit(number(t.value), 9)} ${fit(step, 5)} ${fit(formatDuration(t.duration_s), 8)} ${JSON.stringify(t.params)}\n`);
    }
  }
}
