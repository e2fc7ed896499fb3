import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { DEMO_PASSWORD } from '../gateway/auth/demo';
import { DEMO_LIBRARIES } from '../shared/domain/demo';
import { demoLoadDay, demoWindow, isOpenDay } from '../shared/domain/demo-city';
import { startFederation, type Federation } from './helpers/federation';

/**
 * The city demo as a new user sees it on the day it is loaded: the services on the real clock,
 * the demo loaded for today (at a tenth of its size, so the test loads it in seconds), and the
 * government console for the current year. It should read like a normal year, not a crisis: every
 * month so far has loans and visitors, the months ahead are not drawn as zeros, the overdue rate is
 * in the range libraries report, and the data ends yesterday. The analyst signs in as a newcomer
 * would, with the demo GOVERNMENT account (`pemerintah`, docs/auth.md). The page is saved as
 * artifacts/console-city.png (the README's picture: `cp artifacts/console-city.png docs/console.png`).
 *
 * SQLite only: the city generators' own tests load the demo on both backends.
 */

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = fs.existsSync(CHROMIUM);
const IN_CI = process.env.CI === 'true';
const ROOT = path.resolve(__dirname, '..');
const SCALE = 0.1;

const TRENDS = `query ($year: Int!) { regionalTrends(year: $year) { libraryId months { from collections { loans visits } events { attendance } } } }`;
const REPORT = `query ($from: Date!, $to: Date!) { regionalReport(from: $from, to: $to) {
  libraryId collections { loans visits overdueRate members coverage { from through } } events { events } staff { librarians } partnerships { activePartners } } }`;

describe('the city demo, loaded for today, in the government console (sqlite)', () => {
  let fed: Federation;
  let government: string;
  // Every demo library shares the load day but for a zone difference at midnight; take Kupang's (WITA, the earlier one).
  const loadDay = demoLoadDay({}, DEMO_LIBRARIES[0].timezone);
  const year = Number(loadDay.slice(0, 4));
  const month = Number(loadDay.slice(5, 7));

  beforeAll(async () => {
    fed = await startFederation('sqlite', { config: { demo: { dataset: 'city', scale: SCALE } } });
    government = await fed.token({ role: 'GOVERNMENT' });
  }, 180_000);
  afterAll(() => fed?.stop());

  it('records loans and visitors in every month of the year so far, and leaves the months ahead unrecorded (null), not zero', async () => {
    const res = await fed.query(TRENDS, { token: government, variables: { year } });
    expect(res.errors).toBeUndefined();
    expect(res.data.regionalTrends).toHaveLength(DEMO_LIBRARIES.length);
    for (const trend of res.data.regionalTrends) {
      for (const [i, m] of trend.months.entries()) {
        if (i + 1 < month) {
          expect({ library: trend.libraryId, month: i + 1, loansRecorded: m.collections.loans > 0, visitsRecorded: m.collections.visits > 0 }).toEqual({
            library: trend.libraryId,
            month: i + 1,
            loansRecorded: true,
            visitsRecorded: true,
          });
        } else if (i + 1 > month) {
          expect({ month: i + 1, loans: m.collections.loans, visits: m.collections.visits }).toEqual({ month: i + 1, loans: null, visits: null });
        }
      }
    }
  });

  it('has an overdue rate of 5–15 %, figures in proportion to each city, and data from 24 months back to yesterday', async () => {
    const res = await fed.query(REPORT, { token: government, variables: { from: `${year}-01-01`, to: loadDay } });
    expect(res.errors).toBeUndefined();
    const rows = Object.fromEntries(res.data.regionalReport.map((r: any) => [r.libraryId, r]));
    for (const library of DEMO_LIBRARIES) {
      const row = rows[library.id];
      expect(row.collections.overdueRate).toBeGreaterThanOrEqual(0.05);
      expect(row.collections.overdueRate).toBeLessThanOrEqual(0.15);
      // The data begins on the window's first day the library was open (a window that starts on a
      // weekend begins with the Monday) and ends yesterday.
      const window = demoWindow(demoLoadDay({}, library.timezone));
      expect(row.collections.coverage).toEqual({ from: firstOpenDay(library.id, window.from), through: window.through });
      expect(row.events.events).toBeGreaterThan(0);
      expect(row.partnerships.activePartners).toBeGreaterThan(0);
    }
    // Kupang, the largest city, lends and counts the most; every city has its own staff size.
    for (const other of ['baubau', 'pasuruan', 'pematang-siantar']) {
      expect(rows.kupang.collections.loans).toBeGreaterThan(rows[other].collections.loans);
      expect(rows.kupang.collections.members).toBeGreaterThan(rows[other].collections.members);
    }
    expect(new Set(DEMO_LIBRARIES.map((l) => rows[l.id].staff.librarians)).size).toBe(DEMO_LIBRARIES.length);
  });

  (HAS_CHROMIUM || IN_CI ? describe : describe.skip)('in headless Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
    });
    afterAll(() => browser?.close());

    it('shows the four cities for the current year with the data range ending yesterday, no "tidak ada data" in their figures, and saves the picture', async () => {
      const context = await browser.newContext({ viewport: { width: 2200, height: 1080 }, locale: 'id-ID' });
      context.setDefaultTimeout(30_000);
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(err.message));
      await page.goto(`${fed.gateway.url.replace(/\/graphql$/, '')}/console`);
      await page.fill('#username', 'pemerintah');
      await page.fill('#password', DEMO_PASSWORD);
      await page.click('#login-form button[type=submit]');
      await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('#report tbody tr').length >= 4);
      await page.waitForFunction(() => Number((globalThis as any).document.body.dataset.loads ?? 0) > 0);

      expect(await page.inputValue('#year')).toBe(String(year));
      const through = new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
        new Date(`${demoWindow(loadDay).through}T00:00:00Z`),
      );
      expect(await page.textContent('#coverage')).toContain(through);
      const cells = await page.$$eval('#report tbody td', (tds) => tds.map((td) => td.textContent ?? ''));
      expect(cells.filter((t) => t.includes('tidak ada data'))).toEqual([]);
      // The month under way holds the days up to yesterday only: marked, so that its low count is not read as a fall.
      expect(await page.isVisible('#trends-partial')).toBe(true);
      const labels: string[] = await page.evaluate(() => (globalThis as any).Chart.getChart((globalThis as any).document.getElementById('chart-loans')).data.labels);
      expect(labels.filter((l) => l.endsWith('*'))).toEqual([labels[month - 1]]);
      expect(problems).toEqual([]);

      fs.mkdirSync(path.join(ROOT, 'artifacts'), { recursive: true });
      await page.screenshot({ path: path.join(ROOT, 'artifacts', 'console-city.png'), fullPage: true });
      await context.close();
    });
  });
});

function firstOpenDay(libraryId: string, from: string): string {
  let day = from;
  while (!isOpenDay(libraryId, day)) day = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return day;
}
