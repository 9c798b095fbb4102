/** The run's metadata, datasets and algorithms (last: people look for the answer first), the config, the pipeline, failures and unplaced charts. */
import { escapeHtml as h } from '../escape.js';
import { describeCache } from '../cache-status.js';
import { countCells } from '../results.js';
import { errorBox } from './datasets.js';
import { anchor, figure, inlineSvg, scrollTable, value } from './parts.js';
import type { ReportSection } from './types.js';

/** Charts no other section placed (a new chart kind shows here until it gets a place). */
export const moreCharts: ReportSection = {
  order: 60,
  label: () => null,
  render: (ctx) => {
    const left = ctx.charts.filter((c) => !ctx.placed.has(c.name) && c.dataset === null);
    if (left.length === 0) return null;
    for (const c of left) ctx.placed.add(c.name);
    return `<h2>More charts</h2>${left.map(figure).join('')}`;
  },
};

export const failures: ReportSection = {
  order: 70,
  label: (ctx) => `Failed cells (${ctx.results.cells.filter((c) => c.status !== 'ok').length})`,
  render: (ctx) => {
    const failed = ctx.results.cells.filter((c) => c.status !== 'ok');
    if (failed.length === 0) return '<h2>Failed cells</h2><p>None: every cell ran.</p>';
    return `<h2>Failed cells</h2>${failed.map((c) => `<h4><a href="#${h(anchor('cell', c.dataset, c.algorithm))}">${h(c.dataset)} × ${h(c.algorithm)}</a></h4>${errorBox(c)}`).join('')}`;
  },
};

export const overview: ReportSection = {
  order: 80,
  label: () => 'Run',
  render: (ctx) => {
    const { results } = ctx;
    const counts = countCells(results);
    const out: string[] = ['<h2>Run</h2>'];
    out.push(
      scrollTable(
        '<table class="kv"><tbody>' +
          `<tr><th>sweep</th><td>${h(results.name)}</td></tr>` +
          `<tr><th>run</th><td><code>${h(results.run_id)}</code></td></tr>` +
          `<tr><th>seed</th><td>${h(results.seed)}</td></tr>` +
          `<tr><th>config</th><td><code>${h(results.config_path)}</code></td></tr>` +
          `<tr><th>started</th><td>${h(results.started_at)} <span class="muted">(wall time ${h(results.wall_s.toFixed(1))} s, ${h(results.jobs)} job${results.jobs === 1 ? '' : 's'}, ${h(results.runner)} runner, peak memory ${h(results.peak_rss_mb)} MiB)</span></td></tr>` +
          `<tr><th>cells</th><td>${counts.total} (${ctx.datasets.length} datasets × ${ctx.algorithms.length} algorithms): ${counts.ok} ok${counts.failed ? `, <a href="#failures">${counts.failed} failed</a>` : ''}${counts.skipped ? `, ${counts.skipped} skipped` : ''}${describeCache(results) === '' ? '' : `; ${h(describeCache(results))}`}</td></tr>` +
          `<tr><th>metrics</th><td>${results.metrics.map((m) => (m === ctx.main ? `<strong>${h(m)}</strong> (ranking)` : h(m))).join(', ')}</td></tr>` +
          '</tbody></table>',
      ),
    );
    const rows: string[] = [];
    for (const d of results.datasets) {
      const total = d.classes.reduce((s, c) => s + c.count, 0) || 1;
      const shares = d.classes.map((c) => (100 * c.count) / total);
      const minority = d.classes[shares.indexOf(Math.min(...shares))];
      const balance =
        d.classes.length > 6
          ? `${d.classes.length} classes, ${Math.min(...shares).toFixed(1)}%–${Math.max(...shares).toFixed(1)}% each<br><span class="muted">smallest: ${h(value(minority?.label))}</span>`
          : d.classes.map((c, i) => `<span class="bar" style="width:${Math.max(2, Math.round((60 * c.count) / total))}px"></span>${h(value(c.label))} ${shares[i]!.toFixed(1)}%`).join('<br>');
      const notes = [
        d.sampled_from !== null ? `sampled from ${d.sampled_from}` : '',
        d.dropped_missing_target > 0 ? `${d.dropped_missing_target} rows without a target dropped` : '',
        d.missing_values > 0 ? `${d.missing_values} missing values` : '',
      ].filter((s) => s !== '');
      // What the reader decided about the data (values read as missing, sniffed settings): said, never silent.
      const dataNotes = (d.notes ?? []).map((n) => `<br><span class="data-note">${n.kind === 'sniffed' ? 'note' : '<strong>warning</strong>'}: ${h(n.message)}</span>`).join('');
      rows.push(
        `<tr><th class="text"><a href="#${h(anchor('dataset', d.dataset))}">${h(d.dataset)}</a></th><td>${d.rows}${notes.length ? `<br><span class="muted">${h(notes.join('; '))}</span>` : ''}${dataNotes}</td>` +
          `<td>${d.features}<br><span class="muted">${d.numeric} numeric, ${d.categorical} categorical</span></td><td class="text"><code>${h(d.target)}</code></td><td class="text classes">${balance}</td></tr>`,
      );
    }
    for (const d of ctx.datasets.filter((n) => !results.datasets.some((x) => x.dataset === n))) rows.push(`<tr><th class="text">${h(d)}</th><td colspan="4" class="text na">not loaded (see failed cells)</td></tr>`);
    out.push(`<h4>Datasets</h4>${scrollTable(`<table class="num"><thead><tr><th class="text">dataset</th><th>rows</th><th>features</th><th class="text">target</th><th class="text">class balance</th></tr></thead><tbody>${rows.join('')}</tbody></table>`)}`);
    const algos = ctx.algorithms.map((a) => {
      const c = results.cells.find((x) => x.algorithm === a)!;
      // The configured params (a tuned cell reports its tuned params; its baseline keeps the configured ones).
      const configured = ctx.reports.get(`${c.dataset}\u0000${c.algorithm}`)?.baseline?.params ?? c.params;
      const params = Object.entries(configured).map(([k, v]) => `<code>${h(k)}=${h(value(v))}</code>`).join(' ');
      return `<tr><th>${h(a)}</th><td>${h(c.estimator)}</td><td>${h(c.engine)}</td><td>${params || '<span class="muted">defaults</span>'}</td></tr>`;
    });
    out.push(`<h4>Algorithms</h4>${scrollTable(`<table><thead><tr><th>algorithm</th><th>estimator</th><th>engine</th><th>configured params</th></tr></thead><tbody>${algos.join('')}</tbody></table>`)}`);
    return out.join('\n');
  },
};

export const config: ReportSection = {
  order: 90,
  label: () => 'Configuration',
  render: (ctx) =>
    '<h2>Configuration</h2>' +
    (ctx.configText === null
      ? `<p class="na">The config text was not kept with this run (it was <code>${h(ctx.results.config_path)}</code>).</p>`
      : `${ctx.configSource ? `<p class="muted">${h(ctx.configSource)}</p>` : ''}<pre>${h(ctx.configText)}</pre>`),
};

export const pipeline: ReportSection = {
  order: 100,
  label: () => 'Pipeline',
  render: (ctx) =>
    '<h2>Pipeline</h2>' +
    (ctx.pipelineSvg === null
      ? '<p class="na">No pipeline picture was kept with this run.</p>'
      : `<p class="muted">Nodes (boxes) and the catalog datasets between them; folds drawn once with their count. ${ctx.pipelineNote ? h(ctx.pipelineNote) : ''} <code>sweep viz</code> draws any part with filters.</p><figure class="chart pipeline">${inlineSvg(ctx.pipelineSvg, 'pipeline')}</figure>`),
};
