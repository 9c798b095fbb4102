/**
 * The live display during `sweep run`: cells done, running and failed, the node on each worker and
 * an ETA. On a TTY it redraws a few lines in place; elsewhere it logs one line per finished cell.
 */
import type { Progress } from '../sweep/index.js';
import { type Style, type TextStream, fit, formatDuration } from './output.js';

/** Something that turns progress updates into output. */
export interface ProgressDisplay {
  update(progress: Progress): void;
  /** Clears the live lines (TTY) before the final summary is printed. */
  done(): void;
}

/** A display that fits the stream: live on a TTY, line-per-cell otherwise. */
export function createProgressDisplay(stream: TextStream, style: Style): ProgressDisplay {
  return stream.isTTY === true ? new LiveDisplay(stream, style) : new LogDisplay(stream, style);
}

function cellLine(p: Progress, style: Style): string | undefined {
  if (p.finished === undefined) return undefined;
  const { cell, status, error } = p.finished;
  const mark = status === 'ok' ? style.green('✓') : status === 'skipped' ? style.yellow('–') : style.red('✗');
  const count = style.dim(`[${p.cellsDone}/${p.cellsTotal}]`);
  const why = status === 'ok' ? '' : status === 'skipped' ? `: ${style.yellow(`skipped (${error ?? 'interrupted'})`)}` : `: ${style.red(firstLine(error ?? 'failed'))}`;
  return `${mark} ${count} ${cell.dataset} × ${cell.algorithm}${why}`;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

class LogDisplay implements ProgressDisplay {
  constructor(private readonly stream: TextStream, private readonly style: Style) {}

  update(p: Progress): void {
    const line = cellLine(p, this.style);
    if (line !== undefined) this.stream.write(`${line}\n`);
  }

  done(): void {}
}

class LiveDisplay implements ProgressDisplay {
  private lines = 0;
  private last = 0;
  private pending: Progress | undefined;

  constructor(private readonly stream: TextStream, private readonly style: Style) {}

  update(p: Progress): void {
    const line = cellLine(p, this.style);
    if (line !== undefined) {
      this.clear();
      this.stream.write(`${line}\n`);
      this.draw(p);
      return;
    }
    this.pending = p;
    const now = Date.now();
    if (now - this.last >= 100) this.draw(p);
  }

  private clear(): void {
    if (this.lines > 0) this.stream.write(`\x1b[${this.lines}A\x1b[J`);
    this.lines = 0;
  }

  private draw(p: Progress): void {
    this.clear();
    this.last = Date.now();
    const width = Math.max(40, (this.stream.columns ?? 80) - 1);
    const barWidth = 20;
    const filled = p.cellsTotal === 0 ? barWidth : Math.round((p.cellsDone / p.cellsTotal) * barWidth);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}`;
    const eta = p.eta_s === null ? '' : ` · ETA ${formatDuration(p.eta_s)}`;
    const failed = p.cellsFailed > 0 ? ` · ${this.style.red(`${p.cellsFailed} failed`)}` : '';
    const head = `${this.style.cyan(bar)} ${p.cellsDone}/${p.cellsTotal} cells · ${p.cellsRunning} running${failed} · ${formatDuration(p.elapsed_s)}${eta}`;
    const rows = [head];
    for (const [worker, node] of [...p.current.entries()].sort((a, b) => a[0] - b[0])) {
      rows.push(this.style.dim(fit(`  ${worker < 0 ? 'main' : `worker ${worker + 1}`}: ${node}`, width)));
    }
    this.stream.write(`${rows.join('\n')}\n`);
    this.lines = rows.length;
    this.pending = undefined;
  }

  done(): void {
    if (this.pending !== undefined) this.pending = undefined;
    this.clear();
  }
}
