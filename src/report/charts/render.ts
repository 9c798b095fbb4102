/** Renders a Vega-Lite spec to SVG headless in Node: no canvas, no DOM, no network. */
import type { TopLevelSpec } from 'vega-lite';
import { measureText } from '../text-metrics.js';
import type { VegaLiteSpec } from './types.js';

interface TextItem {
  fontSize?: number;
  fontWeight?: string | number;
}

type Vega = typeof import('vega');
let installed = false;

/** Measures text with Arial widths instead of Vega's rough 0.8 em per character guess. */
function installTextMetrics(vega: Vega): void {
  if (installed) return;
  installed = true;
  // vega re-exports vega-scenegraph's mutable `textMetrics` (its types omit it); vl-convert swaps `width` the same way.
  const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text: string) => number } }).textMetrics;
  metrics.width = (item: TextItem, text: string): number => {
    const weight = item.fontWeight;
    const bold = weight === 'bold' || (typeof weight === 'number' && weight >= 600);
    return measureText(String(text ?? ''), item.fontSize ?? 11, bold);
  };
}

/** Refuses every load: charts carry their data inline, and a report must never fetch. */
const offlineLoader = {
  load: async (uri: string): Promise<string> => {
    throw new Error(`charts load no data from outside (${uri})`);
  },
  sanitize: async (uri: string): Promise<{ href: string }> => {
    throw new Error(`charts load no data from outside (${uri})`);
  },
  http: async (uri: string): Promise<string> => {
    throw new Error(`charts load no data from outside (${uri})`);
  },
  file: async (uri: string): Promise<string> => {
    throw new Error(`charts load no data from outside (${uri})`);
  },
};

/** Compiles a Vega-Lite spec and renders it to an SVG string. */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  // Imported on first use (about half a second of loading): a run whose charts all come from the cache never pays it.
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  installTextMetrics(vega);
  // Gradient and clip ids come from a global counter; restart it so the same spec gives the same bytes.
  (vega as unknown as { resetSVGDefIds: () => void }).resetSVGDefIds();
  // Vega-Lite's warnings (e.g. merged legends) are about spec style, not the reader's data: keep them off stderr.
  const compiled = compile(spec as unknown as TopLevelSpec, { logger: vega.logger(vega.None) }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader: offlineLoader as never });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
