// Opens a generated report.html in real headless Chromium: no console errors, no requests but the
// page itself, every section there, hostile strings shown as text. Saves screenshots under
// test-artifacts/. Needs /usr/bin/chromium (CI installs it; locally the test is skipped with a reason).
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunResults, renderRunReports } from '../../src/sweep/index.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');
const available = existsSync(CHROMIUM);
const inCi = process.env['CI'] !== undefined && process.env['CI'] !== '' && process.env['CI'] !== 'false';

if (!available && !inCi) {
  console.warn(`test/browser/report.test.ts: skipped, ${CHROMIUM} is not installed (apt-get install chromium; CI installs it and fails without it)`);
}

describe.skipIf(!available && !inCi)('report.html in headless Chromium', () => {
  let root: string;
  let context: BrowserContext;
  let pageUrl: string;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    if (!available) throw new Error(`${CHROMIUM} is missing: CI must install the chromium package (.ci/run)`);
    root = mkdtempSync(path.join(os.tmpdir(), 'sweep-browser-'));
    const runDir = path.join(root, 'run-cv');
    cpSync(path.resolve(import.meta.dirname, '../fixtures/report/run-cv'), runDir, { recursive: true });
    await renderRunReports(runDir, await readRunResults(runDir));
    pageUrl = pathToFileURL(path.join(runDir, 'report.html')).href;
    context = await chromium.launchPersistentContext(path.join(root, 'profile'), { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1100, height: 900 } });
    context.on('request', (r) => requests.push(r.url()));
    context.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    context.on('weberror', (e) => problems.push(`page error: ${e.error().message}`));
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
  });

  it('loads with no console errors and no requests but the page itself', async () => {
    const page = await context.newPage();
    const response = await page.goto(pageUrl, { waitUntil: 'load' });
    expect(response?.ok() ?? true).toBe(true);
    await page.waitForTimeout(300); // let late errors surface
    expect(problems).toEqual([]);
    expect(requests).toEqual([pageUrl]);
    expect(await page.locator('script').count()).toBe(0);

    for (const id of ['answer', 'overview', 'leaderboard', 'statistics', 'datasets', 'failures', 'config', 'pipeline']) {
      await expect.poll(() => page.locator(`#${id}`).isVisible()).toBe(true);
    }
    expect(await page.locator('#cd-diagram svg').count()).toBe(1);
    expect(await page.locator('#pipeline svg').count()).toBe(1);
    expect(await page.locator('figure.chart svg').count()).toBeGreaterThan(80);
    const heatmap = await page.locator('#chart-heatmap__accuracy svg').boundingBox();
    expect(heatmap!.width).toBeGreaterThan(300);
    expect(heatmap!.width).toBeLessThanOrEqual(1100);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'report.png'), fullPage: true });
  }, 120_000);

  it('answers first: at 1280×800 the best model of every dataset is visible without scrolling', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(pageUrl);
    const rows = page.locator('#answer table tbody tr');
    expect(await rows.count()).toBe(5);
    for (let i = 0; i < 5; i++) {
      const box = (await rows.nth(i).boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(800);
    }
    expect(await rows.first().innerText()).toMatch(/\d\.\d{4}/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-1280.png') });
  }, 120_000);

  it('fits a 390 px phone: no horizontal page scroll, wide tables and charts scroll in their own box', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(pageUrl);
    // Evaluated in the page (a string: the test's TypeScript has no DOM types).
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
    // Chart text stays readable: an SVG is never scaled below its own width.
    const scales = await page.evaluate<number[]>(
      "[...document.querySelectorAll('figure.chart svg')].filter((s) => s.getBoundingClientRect().width > 0 && parseFloat(s.getAttribute('width') || '') > 0).map((s) => s.getBoundingClientRect().width / parseFloat(s.getAttribute('width')))",
    );
    expect(scales.length).toBeGreaterThan(3);
    expect(Math.min(...scales)).toBeGreaterThan(0.99);
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-390.png') });
  }, 120_000);

  it('opens a cell when a link points at it, and keeps the navigation on screen', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${pageUrl}#cell-wine-knn`);
    await expect.poll(() => page.locator('#cell-wine-knn .cell-body table').first().isVisible()).toBe(true);
    const nav = (await page.locator('nav').boundingBox())!;
    expect(nav.y).toBeGreaterThanOrEqual(0);
    expect(nav.y).toBeLessThan(5);
  }, 120_000);

  it('shows hostile labels, names and errors as text', async () => {
    const page = await context.newPage();
    await page.goto(pageUrl);
    await page.locator('#cell-hostile-decision-tree > summary').click();
    const cell = page.locator('#cell-hostile-decision-tree');
    await expect.poll(() => cell.locator('table').nth(2).isVisible()).toBe(true);
    const text = await cell.innerText();
    expect(text).toContain('<script>alert(1)</script>');
    expect(text).toContain('&"\'');
    expect(await page.locator('#failures pre').first().innerText()).toContain(`column '<script>alert(1)</script>' & "x"`);
    expect(await page.locator('#config pre').innerText()).toContain("metric: '<img src=x onerror=alert(1)>'");
    expect(problems).toEqual([]);
    await cell.screenshot({ path: path.join(ARTIFACTS, 'report-hostile-cell.png') });
  }, 120_000);
});
