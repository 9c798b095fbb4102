/** Escaping for every output format the report layer writes: HTML, LaTeX, DOT, file names. */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values (both quote kinds). */
export function escapeHtml(value: unknown): string {
  const text = typeof value === 'string' ? value : value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

const LATEX_ESCAPES: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '{': '\\{',
  '}': '\\}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '|': '\\textbar{}',
  '"': "''",
};

/** Escapes text for LaTeX (the ten specials, plus `<`, `>`, `|` and `"` that OT1 fonts mangle). */
export function escapeLatex(text: string): string {
  return text.replace(/[\\&%$#_{}~^<>|"]/g, (c) => LATEX_ESCAPES[c]!).replace(/\r?\n/g, ' ');
}

/** Quotes a string for a DOT (Graphviz) double-quoted ID or label. */
export function quoteDot(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

/** A safe file-name part from any text: letters, digits, `.`, `_`, `-` kept, the rest `_`. */
export function fileSafe(text: string): string {
  const safe = text.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return safe.length === 0 ? '_' : safe.slice(0, 80);
}
