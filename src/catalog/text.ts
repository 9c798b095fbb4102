/**
 * Bytes → text for the text dataset types (csv, arff, libsvm, jsonl): the `encoding` option,
 * a byte-order mark, and two refusals instead of silent garbage: a binary file ("not a text
 * file") and bytes that are not valid UTF-8 (which would otherwise read as `Z�rich`).
 */
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { invalidDataset, stringOption, type DatasetEntry } from './dataset-type.js';

/** Bytes scanned for a NUL to call a file binary (git's heuristic looks at the first 8000). */
const BINARY_PROBE = 8000;

const UTF8_LABELS = new Set(['utf8', 'utf-8', 'unicode-1-1-utf-8']);

/** The line (1-based) holding character `index` of `text`. */
function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Decodes `bytes` with the entry's `encoding` option (default UTF-8; any WHATWG label such as
 * `latin1`, `windows-1252`, `utf-16le`), dropping a byte-order mark. Throws `SWEEP_DATASET_INVALID`
 * for a binary file, an unknown encoding, or invalid UTF-8 (naming the line and suggesting latin1).
 */
export function decodeText(bytes: Buffer, entry: DatasetEntry): string {
  const label = stringOption(entry, 'encoding', 'utf-8').trim().toLowerCase();
  const utf8 = UTF8_LABELS.has(label);
  let decoder: TextDecoder | null = null;
  if (!utf8) {
    try {
      decoder = new TextDecoder(label === 'latin-1' ? 'latin1' : label);
    } catch {
      throw invalidDataset(entry, `option 'encoding': unknown encoding '${label}'`, 'use utf-8 (the default), latin1, windows-1252, utf-16le, or another WHATWG encoding label');
    }
  }
  const wide = decoder !== null && decoder.encoding.startsWith('utf-16');
  if (!wide) {
    const probe = bytes.subarray(0, BINARY_PROBE);
    const nul = probe.indexOf(0);
    if (nul >= 0) {
      const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
      throw invalidDataset(
        entry,
        `not a text file (a NUL byte at offset ${nul})`,
        utf16 ? 'the file starts with a UTF-16 byte-order mark: set `encoding: utf-16le`' : 'point `path` at a text file of this type, or set `type:` to the format the file is in',
        { offset: nul },
      );
    }
  }
  let text: string;
  if (decoder === null) {
    if (!isUtf8(bytes)) {
      const decoded = bytes.toString('utf8');
      const bad = decoded.indexOf('\uFFFD');
      const line = bad < 0 ? undefined : lineAt(decoded, bad);
      throw invalidDataset(
        entry,
        `${line === undefined ? '' : `line ${line}: `}the file is not valid UTF-8`,
        'set `encoding:` to the file\'s encoding (often latin1 or windows-1252 for files from older tools)',
        line === undefined ? undefined : { line },
      );
    }
    text = bytes.toString('utf8');
  } else {
    text = decoder.decode(bytes);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
