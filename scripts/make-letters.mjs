#!/usr/bin/env node
// Writes data/letters-train.csv and data/letters-test.csv: a synthetic stand-in for the UCI
// letter-recognition data (26 letters, 16 integer features in 0..15, same column names), made
// from seeded per-letter prototypes plus noise, so the example config's given train/test pair
// exists offline. Deterministic: the same script always writes the same bytes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
let state = 20261126;
const rand = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const columns = ['x-box', 'y-box', 'width', 'high', 'onpix', 'x-bar', 'y-bar', 'x2bar', 'y2bar', 'xybar', 'x2ybr', 'xy2br', 'x-ege', 'xegvy', 'y-ege', 'yegvx'];
const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const prototypes = letters.map(() => columns.map(() => 2 + rand() * 11));
const rows = (n) => {
  const out = [];
  for (let i = 0; i < n; i++) {
    const k = Math.floor(rand() * letters.length);
    const values = prototypes[k].map((m) => Math.max(0, Math.min(15, Math.round(m + gauss() * 2.2))));
    out.push([letters[k], ...values].join(','));
  }
  return out;
};
mkdirSync(`${root}data`, { recursive: true });
const header = ['letter', ...columns].join(',');
writeFileSync(`${root}data/letters-train.csv`, [header, ...rows(4000)].join('\n') + '\n');
writeFileSync(`${root}data/letters-test.csv`, [header, ...rows(1000)].join('\n') + '\n');
console.error('wrote data/letters-train.csv (4000 rows) and data/letters-test.csv (1000 rows)');
