/**
 * `report.html`: the whole run in one self-contained file (inline SVG and CSS, no scripts, no
 * network), readable offline and attachable to an email. The answer comes first (the best model
 * per dataset on the ranking metric), metadata last. Each section is a function registered in
 * `sections/index.ts`; every string from data or config is HTML-escaped there, at the point of output.
 */
import { rankingMetric } from './charts/types.js';
import { FONT } from './charts/theme.js';
import { escapeHtml as h } from './escape.js';
import { countCells, type CellResult } from './results.js';
import { anchor } from './sections/parts.js';
import { reportSections, type RenderedChart, type ReportContext, type ReportHtmlInput } from './sections/index.js';

export { inlineSvg, reportSections, type RenderedChart, type ReportContext, type ReportHtmlInput, type ReportSection } from './sections/index.js';

const STYLE = `
:root{--fg:#1f2328;--muted:#57606a;--line:#d0d7de;--soft:#f6f8fa;--accent:#0b5cad;--bad:#b42318;--good:#1a7f37}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 ${FONT};color:var(--fg);background:#fff}
header{padding:16px 32px 8px;background:var(--soft)}
header h1{margin:0 0 4px;font-size:24px}
nav{position:sticky;top:0;z-index:10;padding:6px 32px;background:var(--soft);border-bottom:1px solid var(--line);display:flex;flex-wrap:wrap;gap:2px 14px;font-size:13px}
nav a{color:var(--accent);text-decoration:none}
main{max-width:980px;margin:0 auto;padding:8px 32px 48px}
[id]{scroll-margin-top:44px}
.scroll{max-width:100%;overflow-x:auto}
.nowrap{white-space:nowrap}
ol.notes{font-size:12px;color:var(--muted);margin:0 0 8px;padding-left:22px}
table.answer{font-size:14px}
table.answer td,table.answer th{padding:5px 10px}
section{margin-top:20px}
h2{font-size:20px;border-bottom:2px solid var(--fg);padding-bottom:4px;margin:24px 0 12px}
h3{font-size:17px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:2px}
h4{font-size:15px;margin:18px 0 6px}
h5{font-size:13px;margin:14px 0 4px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
p{margin:6px 0}
.muted{color:var(--muted)}
code,pre{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12px}
pre{background:var(--soft);border:1px solid var(--line);padding:10px 12px;overflow:auto;white-space:pre-wrap;word-break:break-word}
table{border-collapse:collapse;margin:6px 0 10px;font-size:13px}
th,td{padding:3px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{border-bottom:2px solid var(--fg);font-weight:600;white-space:nowrap}
table.num td{text-align:right;font-variant-numeric:tabular-nums}
table.num td.text,table.num th.text{text-align:left}
table.num thead th{text-align:right}
table.num thead th.text,table.num thead th:first-child{text-align:left}
table.kv th{font-weight:normal;color:var(--muted);padding-left:0}
tr.sep th,tr.sep td{border-top:2px solid var(--line)}
tr.sig td,tr.sig th{background:#fff8c5}
td.best{font-weight:700}
td.fail{color:var(--bad)}
.na{color:var(--muted);font-style:italic}
.badge{display:inline-block;padding:0 8px;border-radius:10px;font-size:12px;margin-left:6px}
.badge.ok{background:#dafbe1;color:var(--good)}
.badge.bad{background:#ffebe9;color:var(--bad)}
.badge.cache-hit,.badge.cache-partial,.badge.cache-miss{background:var(--soft);color:var(--muted);border:1px solid var(--line)}
.error{border-left:4px solid var(--bad);background:#fff5f5;padding:6px 12px;margin:8px 0}
.error pre{background:#fff;margin:6px 0}
.hint{color:var(--muted)}
figure.chart{margin:10px 0;max-width:100%;overflow-x:auto}
figure.chart svg{max-width:100%;height:auto;display:block}
.figs>div{max-width:100%}
.figs{display:flex;flex-wrap:wrap;gap:8px 20px;align-items:flex-start}
.cols{display:flex;flex-wrap:wrap;gap:0 48px}
details.cell{border:1px solid var(--line);border-radius:6px;margin:8px 0;background:#fff}
details.cell>summary{cursor:pointer;padding:8px 12px;background:var(--soft);border-radius:6px;list-style-position:inside}
details.cell[open]>summary{border-bottom:1px solid var(--line);border-radius:6px 6px 0 0}
details.cell.failed>summary{background:#fff5f5}
/* A link to a cell opens it (Chromium ≥ 131 styles ::details-content; elsewhere the link still scrolls to it). */
details.cell:target::details-content{content-visibility:visible;display:block}
details.cell:target>summary{border-bottom:1px solid var(--line)}
.cell-name{font-weight:600}
.cell-body{padding:4px 16px 12px}
.folds{font-size:12px}
.bar{display:inline-block;height:10px;background:var(--accent);opacity:.55;vertical-align:middle;margin-right:6px}
.classes{font-size:12px;line-height:1.6}
footer{max-width:980px;margin:0 auto;padding:16px 32px 32px;color:var(--muted);font-size:12px;border-top:1px solid var(--line)}
@media (max-width:640px){header,nav{padding-left:12px;padding-right:12px}main{padding:4px 12px 32px}footer{padding:12px}.cell-body{padding:4px 8px 10px}.cols{gap:0 16px}
/* Charts keep readable text: at their own size, scrolled inside their box, never shrunk to 3 px. */
figure.chart svg{max-width:none}}
@media print{nav{position:static}details.cell>.cell-body{display:block}header{background:none}main{padding:0 8px}details.cell>summary{background:none}figure.chart{break-inside:avoid}h2,h3{break-after:avoid}}
`;

/** The context every section draws from: the input plus lookups, with chart placement tracked. */
export function reportContext(input: ReportHtmlInput): ReportContext {
  const { results } = input;
  const datasets = [...new Set([...results.datasets.map((d) => d.dataset), ...results.cells.map((c) => c.dataset)])];
  const algorithms = [...new Set(results.cells.map((c) => c.algorithm))];
  const cells = new Map<string, CellResult>(results.cells.map((c) => [`${c.dataset}\u0000${c.algorithm}`, c]));
  const placed = new Set<string>();
  const mark = (charts: RenderedChart[]): RenderedChart[] => {
    for (const c of charts) placed.add(c.name);
    return charts;
  };
  return {
    ...input,
    main: rankingMetric(results, input.metric),
    datasets,
    algorithms,
    cv: results.cells.some((c) => c.folds.length > 1),
    cell: (d, a) => cells.get(`${d}\u0000${a}`),
    chart: (kind, d, a) => mark(input.charts.filter((c) => c.kind === kind && c.dataset === d && c.algorithm === a))[0],
    chartsFor: (d, a) => mark(input.charts.filter((c) => c.dataset === d && c.algorithm === a)),
    runWide: (kind) => mark(input.charts.filter((c) => c.kind === kind && c.dataset === null)),
    placed,
    higherIsBetter: (m) => !input.lowerIsBetter.has(m),
  };
}

/** Renders the whole report as one HTML document, section by section in registry order. */
export function renderReportHtml(input: ReportHtmlInput): string {
  const ctx = reportContext(input);
  const { results } = input;
  const counts = countCells(results);
  const sections = reportSections
    .names()
    .map((id) => ({ id, section: reportSections.get(id) }))
    .sort((a, b) => a.section.order - b.section.order)
    .map(({ id, section }) => ({ id, label: section.label(ctx), html: section.render(ctx) }))
    .filter((s): s is { id: string; label: string | null; html: string } => s.html !== null);
  const nav = sections
    .filter((s) => s.label !== null)
    .map((s) => `<a href="#${h(s.id)}">${h(s.label!)}</a>`)
    .concat(ctx.datasets.length > 1 ? ctx.datasets.map((d) => `<a href="#${h(anchor('dataset', d))}" class="muted">${h(d)}</a>`) : [])
    .join('');
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Belt and braces: even if something slipped through escaping, nothing may load or run.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${h(results.name)}: run ${h(results.run_id)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<header><h1>${h(results.name)}</h1><p class="muted">Sweep report, run <code>${h(results.run_id)}</code>, seed ${h(results.seed)}, ${counts.ok}/${counts.total} cells ok${ctx.main !== undefined ? `, ranked on <strong>${h(ctx.main)}</strong>` : ''}.</p></header>`,
    `<nav>${nav}</nav>`,
    `<main>${sections.map((s) => `<section id="${h(s.id)}">${s.html}</section>`).join('\n')}</main>`,
    `<footer>Written by sweep from <code>results.json</code>; redraw with <code>sweep report ${h(results.run_id)}</code>. Self-contained: no scripts, no network.</footer>`,
    '</body></html>',
    '',
  ].join('\n');
}
