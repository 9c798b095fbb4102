/**
 * Drawn pictures kept in the cache root: a chart's SVG is a pure function of its Vega-Lite spec
 * (data inline) and the pipeline picture of its DOT text, so a re-run whose results did not change
 * reads them back instead of loading Vega and Graphviz and drawing again (most of a warm run).
 * Entries live at `<root>/svg/<kk>/<key>.svg`, keyed by the input and the code fingerprint, and
 * start with the sha-256 of the SVG, checked on read (a bad entry is drawn again).
 */
import { createHash } from 'node:crypto';
import { schemeOf, storageDrivers } from '../catalog/index.js';
import { canonicalJson } from '../runner/index.js';
import { codeFingerprint } from './cache-keys.js';

function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `draw(input)`, or its SVG from the cache root when the same input was drawn before. */
export async function memoSvg<T>(root: string | undefined, kind: string, input: T, draw: (input: T) => Promise<string>): Promise<string> {
  if (root === undefined) return draw(input);
  const key = sha256(canonicalJson({ kind, input, code: await codeFingerprint() }));
  const url = `${root.replace(/\/+$/, '')}/svg/${key.slice(0, 2)}/${key}.svg`;
  const driver = storageDrivers.get(schemeOf(url));
  try {
    const text = (await driver.read(url)).toString('utf8');
    const newline = text.indexOf('\n');
    const svg = text.slice(newline + 1);
    if (newline === 64 && text.slice(0, 64) === sha256(svg)) return svg;
  } catch {
    // not drawn before (or unreadable): draw it
  }
  const svg = await draw(input);
  try {
    await driver.write(url, Buffer.from(`${sha256(svg)}\n${svg}`));
  } catch {
    // a cache that cannot be written costs only the next run's drawing
  }
  return svg;
}
