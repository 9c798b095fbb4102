/**
 * svmlight / libsvm text (`label index:value …`, sparse) as a dense `Table`: numeric columns
 * `f1..fN` (named by the file's indices; `f0` appears when the file is zero-based) plus the target
 * column `label` (numeric when every label is a number, else categorical). `#` starts a comment;
 * `qid:` is ignored. N is the largest index, or `options.n_features` (use it so train and test
 * files get the same columns even when the last features are all zero in one of them).
 */
import type { Column, Table } from '../../core/index.js';
import { invalidDataset, type DatasetEntry, type DatasetType } from '../dataset-type.js';
import { checkTable } from '../table-check.js';
import { decodeText } from '../text.js';

function nFeaturesOption(entry: DatasetEntry): number | undefined {
  const value = entry.options?.['n_features'];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw invalidDataset(entry, `option 'n_features' must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** The `libsvm` dataset type. */
export const libsvmType: DatasetType<Table> = {
  name: 'libsvm',
  summary: 'svmlight/libsvm sparse text as dense columns f1..fN plus label',

  load(bytes, entry) {
    const labels: string[] = [];
    const rows: Array<{ index: Int32Array; value: Float64Array }> = [];
    let minIndex = Infinity;
    let maxIndex = 0;
    decodeText(bytes, entry)
      .split('\n')
      .forEach((raw, i) => {
        const line = i + 1;
        const hash = raw.indexOf('#');
        const tokens = (hash < 0 ? raw : raw.slice(0, hash)).trim().split(/\s+/);
        if (tokens[0] === '') return;
        const fail = (message: string): never => {
          throw invalidDataset(entry, `line ${line}: ${message}`, 'lines look like `label index:value index:value …`', { line });
        };
        const label = tokens[0]!;
        if (label.includes(':')) fail(`the line starts with '${label}', not a label`);
        const pairs = tokens.slice(1).filter((t) => !t.startsWith('qid:'));
        const index = new Int32Array(pairs.length);
        const value = new Float64Array(pairs.length);
        pairs.forEach((pair, k) => {
          const colon = pair.indexOf(':');
          const idx = Number(pair.slice(0, colon));
          const v = Number(pair.slice(colon + 1));
          if (colon < 0 || !Number.isInteger(idx) || idx < 0 || pair.slice(0, colon) === '') fail(`'${pair}' is not index:value`);
          if (Number.isNaN(v) || pair.slice(colon + 1) === '') fail(`'${pair}' has no numeric value`);
          if (k > 0 && idx <= index[k - 1]!) fail(`indices must increase ('${pair}' after index ${index[k - 1]})`);
          index[k] = idx;
          value[k] = v;
          if (idx < minIndex) minIndex = idx;
          if (idx > maxIndex) maxIndex = idx;
        });
        labels.push(label);
        rows.push({ index, value });
      });
    if (rows.length === 0) throw invalidDataset(entry, 'the file has no data lines');
    const first = minIndex === 0 ? 0 : 1;
    const requested = nFeaturesOption(entry);
    const last = requested === undefined ? maxIndex : first + requested - 1;
    if (maxIndex > last) throw invalidDataset(entry, `index ${maxIndex} exceeds n_features (${requested})`);
    const n = rows.length;
    const features = Array.from({ length: last - first + 1 }, () => new Float64Array(n));
    rows.forEach(({ index, value }, i) => {
      for (let k = 0; k < index.length; k++) features[index[k]! - first]![i] = value[k]!;
    });
    const columns: Column[] = features.map((values, j) => ({ name: `f${j + first}`, kind: 'numeric', values }));
    const numbers = labels.map(Number);
    if (numbers.every((v) => Number.isFinite(v))) {
      columns.push({ name: 'label', kind: 'numeric', values: Float64Array.from(numbers) });
    } else {
      const categories = [...new Set(labels)];
      const index = new Map(categories.map((c, k) => [c, k]));
      columns.push({ name: 'label', kind: 'categorical', codes: Int32Array.from(labels, (l) => index.get(l)!), categories });
    }
    return { nRows: n, columns };
  },

  save(value, entry) {
    const table = checkTable(value, entry);
    const label = table.columns.find((c) => c.name === 'label');
    if (label === undefined) throw invalidDataset(entry, "cannot save: libsvm needs a 'label' column");
    const features = table.columns.filter((c) => c !== label);
    for (const col of features) {
      if (col.kind !== 'numeric') throw invalidDataset(entry, `cannot save: feature '${col.name}' is categorical; libsvm holds numbers only`, 'encode categorical columns first');
      for (const v of col.values) if (!Number.isFinite(v)) throw invalidDataset(entry, `cannot save: feature '${col.name}' has a missing or infinite value`, 'impute missing values first');
    }
    const lines: string[] = [];
    for (let i = 0; i < table.nRows; i++) {
      let text: string;
      if (label.kind === 'numeric') {
        const v = label.values[i]!;
        if (!Number.isFinite(v)) throw invalidDataset(entry, `cannot save: row ${i} has no label`);
        text = String(v);
      } else {
        const code = label.codes[i]!;
        text = code < 0 ? '' : label.categories[code]!;
        if (text === '' || /[\s:#]/.test(text)) throw invalidDataset(entry, `cannot save: label ${JSON.stringify(text)} in row ${i} is missing or has spaces, ':' or '#'`);
      }
      features.forEach((col, j) => {
        const v = (col as { values: ArrayLike<number> }).values[i]!;
        if (v !== 0) text += ` ${j + 1}:${v}`;
      });
      lines.push(text);
    }
    return Buffer.from(lines.length === 0 ? '' : `${lines.join('\n')}\n`, 'utf8');
  },
};
