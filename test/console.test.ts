import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CONSOLE_CSP } from '../gateway/console';
import { DEMO_LIBRARIES, DEMO_TODAY, demoId } from '../shared/domain/demo';
import { setClock } from '../shared/platform/clock';
import { setToday } from './helpers/collections';
import { BACKENDS, startFederation, type Federation } from './helpers/federation';

/**
 * The government console in Debian's headless Chromium: an analyst pastes
 * a token, reads the region's table, the literacy index and the trend charts, and downloads the
 * export — all from the GraphQL API, under a CSP that allows no inline script.
 */

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = fs.existsSync(CHROMIUM);
// CI must not go green without the browser: there the browser tests run and fail loudly.
const IN_CI = process.env.CI === 'true';
const ROOT = path.resolve(__dirname, '..');
const YEAR = '2026'; // the demo data's year (DEMO_TODAY is 2026-11-01)
/** A February day on which the test has Kupang count its visitors and find none: a real zero. The fixture's counts begin in May. */
const ZERO_DAY = '2026-02-10';
const BANDS = ['SANGAT_RENDAH', 'RENDAH', 'SEDANG', 'TINGGI', 'SANGAT_TINGGI'];
/** The literacy index is built alongside; until it is composed the page says it is not available. */
const LITERACY_COMPOSED = fs.readFileSync(path.join(ROOT, 'supergraph.graphql'), 'utf8').includes('literacyIndex(');

const describeInBrowser = HAS_CHROMIUM || IN_CI ? describe : describe.skip;
if (!HAS_CHROMIUM && !IN_CI) {
  console.warn(`test/console.test.ts: no Chromium at ${CHROMIUM}, the browser tests are skipped (apt-get install -y chromium)`);
}

const CITIES = DEMO_LIBRARIES.map((l) => l.city).sort((a, b) => a.localeCompare(b, 'id'));
const LIBRARY_IDS = DEMO_LIBRARIES.map((l) => l.id).sort();

describe.each(BACKENDS)('the government console at /console (%s)', (backend) => {
  let fed: Federation;
  let base: string;

  beforeAll(async () => {
    fed = await startFederation(backend);
    base = fed.gateway.url.replace(/\/graphql$/, '');
    // The services' day is the fixture's (December is still ahead); the browser keeps the real clock.
    setToday(DEMO_TODAY);
    const zero = await fed.query(`mutation { recordVisits(input: { libraryId: "kupang", date: "${ZERO_DAY}", count: 0, source: MANUAL }) { count } }`, {
      token: await fed.token({ role: 'ADMIN' }),
    });
    expect(zero.errors).toBeUndefined();
  });
  afterAll(async () => {
    setClock(null);
    await fed?.stop();
  });

  it('is served with a Content-Security-Policy that allows only its own scripts, and has no inline script or style', async () => {
    const res = await fetch(`${base}/console`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy');
    expect(csp).toBe(CONSOLE_CSP);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');

    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    for (const [tag, body] of scripts) {
      expect(tag).toMatch(/\ssrc="\/console\//);
      expect(body.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i); // no inline event handlers
    expect(html).not.toMatch(/\sstyle\s*=|<style/i);
  });

  it('serves its script, style sheet and Chart.js with their types and the same policy, and nothing outside its folder', async () => {
    for (const [file, type] of [
      ['console.js', /javascript/],
      ['console.css', /^text\/css/],
      ['vendor/chart.umd.min.js', /javascript/],
      ['icon.svg', /^image\/svg\+xml/],
    ] as const) {
      const res = await fetch(`${base}/console/${file}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(type);
      expect(res.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    }
    for (const probe of ['/console/nope.js', '/console/..%2fconsole.ts', '/console/%2e%2e/gateway.ts', '/console/vendor/chart.js']) {
      const res = await fetch(`${base}${probe}`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('import ');
    }
  });

  describeInBrowser('in headless Chromium', () => {
    let browser: Browser;
    const tokens: Record<string, string> = {};

    beforeAll(async () => {
      if (!HAS_CHROMIUM) throw new Error(`No Chromium at ${CHROMIUM}: install it (apt-get install -y chromium); CI=true requires it`);
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      tokens.government = await fed.token({ role: 'GOVERNMENT' });
      tokens.member = await fed.token({ role: 'MEMBER', libraryId: 'kupang', memberId: demoId('member', 'kupang', 3) });
    });
    afterAll(() => browser?.close());

    /** A fresh tab that records every console error and uncaught exception. */
    async function openConsole(): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'id-ID', acceptDownloads: true });
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') problems.push(`console: ${msg.text()} @ ${msg.location().url}`);
      });
      page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
      await page.goto(`${base}/console`);
      return { context, page, problems };
    }

    const loads = (page: Page) => page.evaluate(() => Number((globalThis as any).document.body.dataset.loads ?? 0));

    /** Runs `action` and waits until the page has finished one more load. */
    async function afterLoad(page: Page, action: () => Promise<unknown>): Promise<void> {
      const before = await loads(page);
      await action();
      await page.waitForFunction((n) => Number((globalThis as any).document.body.dataset.loads ?? 0) > n, before);
    }

    async function signIn(page: Page, token: string): Promise<void> {
      await page.fill('#token', token);
      await afterLoad(page, () => page.click('#login-form button[type=submit]'));
    }

    describe('signed in with a GOVERNMENT token', () => {
      let context: BrowserContext;
      let page: Page;
      let problems: string[];

      beforeAll(async () => {
        ({ context, page, problems } = await openConsole());
        await signIn(page, tokens.government);
        // The demo year, whatever today's date: pick it as an analyst would.
        await page.fill('#year', YEAR);
        await page.dispatchEvent('#year', 'change');
        await afterLoad(page, () => page.click('#filters button[type=submit]'));
        await page.waitForFunction(() => (globalThis as any).document.body.dataset.state === 'ready');
      });
      afterAll(() => context?.close());

      it('shows the four cities side by side, with the figures of regionalReport for the chosen period', async () => {
        expect(await page.isVisible('#app')).toBe(true);
        expect(await page.isVisible('#login')).toBe(false);
        const rows = await page.$$eval('#report tbody tr', (trs) => trs.map((tr: any) => ({ id: tr.dataset.library, city: tr.querySelector('th .city').textContent })));
        expect(rows.map((r) => r.id).sort()).toEqual(LIBRARY_IDS);
        expect(rows.map((r) => r.city)).toEqual(CITIES);

        // The loans column shows regionalReport's figures for the period on the page.
        const from = await page.inputValue('#from');
        const to = await page.inputValue('#to');
        expect(from).toBe(`${YEAR}-01-01`);
        const res = await fed.query('query ($from: Date!, $to: Date!) { regionalReport(from: $from, to: $to) { library { id } collections { loans } } }', {
          token: tokens.government,
          variables: { from, to },
        });
        expect(res.errors).toBeUndefined();
        const headers = await page.$$eval('#report thead tr:last-child th', (ths) => ths.map((th: any) => th.textContent));
        const loansColumn = headers.findIndex((h) => h.startsWith('Peminjaman'));
        expect(loansColumn).toBeGreaterThan(0);
        for (const row of res.data.regionalReport) {
          const shown = await page.textContent(`#report tbody tr[data-library="${row.library.id}"] > :nth-child(${loansColumn + 1})`);
          expect(Number(shown!.replace(/\./g, ''))).toBe(row.collections.loans);
        }
        expect(res.data.regionalReport.some((r: any) => r.collections.loans > 0)).toBe(true);
      });

      it('draws the monthly trends with Chart.js: a line per city over twelve months, on a canvas that is not blank', async () => {
        const charts = await page.evaluate(() => {
          const w = globalThis as any;
          return ['chart-loans', 'chart-visits', 'chart-attendance'].map((id) => {
            const chart = w.Chart.getChart(w.document.getElementById(id));
            return chart && { type: chart.config.type, labels: chart.data.labels.length, datasets: chart.data.datasets.map((d: any) => d.label) };
          });
        });
        for (const chart of charts) {
          expect(chart).toEqual({ type: 'line', labels: 12, datasets: CITIES });
        }
        // Pixels, not just an object: wait for the animation to finish, then count painted ones.
        await page.waitForFunction(() => {
          const w = globalThis as any;
          const canvas = w.document.getElementById('chart-loans');
          const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
          let painted = 0;
          for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
          return painted > 2000;
        });
      });

      it('shows the literacy index per city with its band and the seven elements, missing ones as missing (or says it is not available)', async () => {
        if (!LITERACY_COMPOSED) {
          expect(await page.getAttribute('#literacy', 'data-state')).toBe('unavailable');
          expect(await page.textContent('#literacy')).toContain('index not available');
          return;
        }
        expect(await page.getAttribute('#literacy', 'data-state')).toBe('ready');
        const res = await fed.query('query ($year: Int!) { literacyIndex(year: $year) { library { id } index band missingElements elements { code missing } } }', {
          token: tokens.government,
          variables: { year: Number(YEAR) },
        });
        expect(res.errors).toBeUndefined();
        const cards = await page.$$eval('#literacy .city-index', (articles) =>
          articles.map((a: any) => ({
            id: a.dataset.library,
            band: a.querySelector('.band').dataset.band,
            elements: [...a.querySelectorAll('.elements li')].map((li: any) => ({ code: li.dataset.code, missing: li.dataset.missing === 'true', text: li.textContent })),
          })),
        );
        expect(cards.map((c) => c.id).sort()).toEqual(LIBRARY_IDS);
        // A band per city, the API's: coloured when there is an index, "not computable" (NONE)
        // with the missing elements named when the API leaves the index out for lack of data.
        expect(cards.filter((c) => BANDS.includes(c.band)).length).toBeGreaterThan(0);
        for (const card of cards) {
          const api = res.data.literacyIndex.find((r: any) => r.library.id === card.id);
          expect(card.band).toBe(api.band ?? 'NONE');
          if (api.index == null) {
            const text = await page.textContent(`#literacy .city-index[data-library="${card.id}"] .index-value`);
            for (const code of api.missingElements) expect(text).toContain(code);
          } else {
            expect(BANDS).toContain(card.band);
          }
          expect(card.elements).toHaveLength(7);
          for (const element of card.elements) {
            const apiElement = api.elements.find((e: any) => e.code === element.code);
            expect(element.missing).toBe(apiElement.missing);
            if (element.missing) expect(element.text).toContain('missing');
          }
        }
      });

      it('downloads the CSV export of the same period with the token', async () => {
        const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
        expect(download.suggestedFilename()).toMatch(new RegExp(`^regional-${YEAR}-01-01-${YEAR}-\\d\\d-\\d\\d\\.csv$`));
        const csv = fs.readFileSync(await download.path(), 'utf8');
        const [header, ...rows] = csv.trim().split('\r\n');
        expect(header.startsWith('library.id,library.name')).toBe(true);
        expect(rows.map((r) => r.split(',')[0]).sort()).toEqual(LIBRARY_IDS);
        expect(await page.isVisible('#export-error')).toBe(false);
      });

      it('filters by province', async () => {
        await page.selectOption('#province', 'Jawa Timur');
        await afterLoad(page, () => page.click('#filters button[type=submit]'));
        const ids = await page.$$eval('#report tbody tr', (trs) => trs.map((tr: any) => tr.dataset.library));
        expect(ids).toEqual(['pasuruan']);
        const datasets = await page.evaluate(() => {
          const w = globalThis as any;
          return w.Chart.getChart(w.document.getElementById('chart-loans')).data.datasets.length;
        });
        expect(datasets).toBe(1);
      });

      /** Shows a period of the whole region, as the analyst would pick it. */
      async function showPeriod(from: string, to: string): Promise<void> {
        await page.selectOption('#province', '');
        await page.fill('#from', from);
        await page.fill('#to', to);
        await afterLoad(page, () => page.click('#filters button[type=submit]'));
      }
      const cellOf = async (libraryId: string, header: string) => {
        const headers = await page.$$eval('#report thead tr:last-child th', (ths) => ths.map((th: any) => th.textContent));
        const column = headers.findIndex((h) => h.startsWith(header));
        expect(column).toBeGreaterThan(0);
        return page.$eval(`#report tbody tr[data-library="${libraryId}"] > :nth-child(${column + 1})`, (td: any) => ({ text: td.textContent, cls: td.className }));
      };

      it('says "tidak ada data" where no visitor count was entered, never 0, and 0 where the library counted nobody', async () => {
        await showPeriod(`${YEAR}-02-01`, `${YEAR}-02-28`);
        const kupang = await cellOf('kupang', 'Kunjungan');
        expect(kupang.text).toBe('0');
        for (const id of ['baubau', 'pasuruan', 'pematang-siantar']) {
          const cell = await cellOf(id, 'Kunjungan');
          expect(cell.text).toContain('tidak ada data');
          expect(cell.text).toContain('no data');
          expect(cell.text).not.toMatch(/\d/);
        }
        // The API says the same: null for them, 0 for Kupang.
        const res = await fed.query('{ regionalReport(from: "2026-02-01", to: "2026-02-28") { libraryId collections { visits } } }', { token: tokens.government });
        expect(Object.fromEntries(res.data.regionalReport.map((r: any) => [r.libraryId, r.collections.visits]))).toEqual({
          kupang: 0,
          baubau: null,
          pasuruan: null,
          'pematang-siantar': null,
        });
      });

      it('draws a month without data as a gap in the line, not as 0: the months before the counts began and the months still ahead', async () => {
        await showPeriod(`${YEAR}-01-01`, `${YEAR}-10-31`);
        const lines = await page.evaluate(() => {
          const w = globalThis as any;
          const data = (id: string) =>
            Object.fromEntries(w.Chart.getChart(w.document.getElementById(id)).data.datasets.map((d: any) => [d.label, { data: d.data, spanGaps: d.spanGaps }]));
          return { visits: data('chart-visits'), loans: data('chart-loans') };
        });
        const cityOf = (id: string) => DEMO_LIBRARIES.find((l) => l.id === id)!.city;
        expect(lines.visits[cityOf('kupang')].data[1]).toBe(0); // February: counted, nobody came
        expect(lines.visits[cityOf('baubau')].data[1]).toBeNull(); // February: not counted
        for (const city of CITIES) {
          expect(lines.visits[city].spanGaps).toBe(false);
          expect(lines.visits[city].data[0]).toBeNull(); // January: no count yet
          expect(lines.visits[city].data[5]).toBeGreaterThan(0); // June
          expect(lines.visits[city].data[11]).toBeNull(); // December: still ahead on the services' day
          expect(lines.loans[city].data[11]).toBeNull();
        }
      });

      it('shows from which day to which day the data is recorded, for the region and each city, as the API gives it', async () => {
        await showPeriod(`${YEAR}-01-01`, `${YEAR}-10-31`);
        const res = await fed.query('{ regionalReport(from: "2026-01-01", to: "2026-10-31") { libraryId collections { coverage { from through } } } }', {
          token: tokens.government,
        });
        const spans = res.data.regionalReport.map((r: any) => r.collections.coverage);
        const line = await page.$eval('#coverage', (p: any) => ({ text: p.textContent, from: p.dataset.from, through: p.dataset.through }));
        expect(line.from).toBe(spans.map((c: any) => c.from).sort()[0]);
        expect(line.through).toBe(
          spans
            .map((c: any) => c.through)
            .sort()
            .at(-1),
        );
        expect(line.through).toBe('2026-10-31'); // the day before the services' today
        expect(line.text).toContain('Data tercatat: ');
        expect(line.text).toContain('31 Okt 2026');
        for (const row of res.data.regionalReport) {
          const cell = await page.$eval(`#report tbody tr[data-library="${row.libraryId}"] td.coverage`, (td: any) => ({
            from: td.dataset.from,
            through: td.dataset.through,
            text: td.textContent,
          }));
          expect(cell).toMatchObject(row.collections.coverage);
          expect(cell.text).toMatch(/^\d{1,2} \w+ \d{4} – 31 Okt 2026$/);
        }
      });

      it('formats numbers the Indonesian way: thousands with a dot, one decimal with a comma, rupiah without decimals', async () => {
        await showPeriod(`${YEAR}-01-01`, `${YEAR}-10-31`);
        const overdue = await cellOf('kupang', 'Terlambat');
        expect(overdue.text).toMatch(/^\d{1,3},\d %$/);
        const funding = await cellOf('kupang', 'Dana');
        expect(funding.text.replace(/\s/g, ' ')).toMatch(/^Rp ?\d{1,3}(\.\d{3})*$/);
        const population = await cellOf('kupang', 'Penduduk');
        expect(population.text).toMatch(/^\d{1,3}(\.\d{3})+$/);
      });

      it('keeps the city column in view when the table scrolls sideways', async () => {
        await page.setViewportSize({ width: 800, height: 900 });
        try {
          const position = await page.$eval('#report tbody tr th', (th: any) => (globalThis as any).getComputedStyle(th).position);
          expect(position).toBe('sticky');
          const left = (selector: string) => page.$eval(selector, (node: any) => node.getBoundingClientRect().left);
          const [wrapLeft, cityBefore, figureBefore] = [await left('.table-wrap'), await left('#report tbody tr th'), await left('#report tbody tr td:nth-of-type(8)')];
          const scrolled = await page.$eval('.table-wrap', (wrap: any) => {
            wrap.scrollLeft = 600;
            return wrap.scrollLeft;
          });
          expect(scrolled).toBeGreaterThan(0); // the table is wider than the panel
          // The city stays at the panel's left edge (within a pixel of the collapsed border) while a figure moves under it.
          const cityAfter = await left('#report tbody tr th');
          expect(Math.abs(cityAfter - cityBefore)).toBeLessThanOrEqual(1);
          expect(Math.abs(cityAfter - wrapLeft)).toBeLessThanOrEqual(1);
          expect(Math.abs(figureBefore - scrolled - (await left('#report tbody tr td:nth-of-type(8)')))).toBeLessThanOrEqual(1);
          await page.$eval('.table-wrap', (wrap: any) => (wrap.scrollLeft = 0));
        } finally {
          await page.setViewportSize({ width: 1440, height: 900 });
        }
      });

      it('leaves a screenshot of the page as an artefact', async () => {
        await page.selectOption('#province', '');
        await afterLoad(page, () => page.click('#filters button[type=submit]'));
        // Wide enough for the whole table in one picture (the README shows it).
        await page.setViewportSize({ width: 2200, height: 1080 });
        await page.waitForTimeout(800); // the charts resize and animate (300 ms)
        const file = path.join(ROOT, 'artifacts', backend === 'sqlite' ? 'console.png' : `console-${backend}.png`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        await page.screenshot({ path: file, fullPage: true });
        expect(fs.statSync(file).size).toBeGreaterThan(20_000);
        console.log(`console screenshot: ${file}`);
      });

      it('logs no console error and no uncaught exception (the CSP would report a blocked inline script here)', () => {
        // Until literacyIndex is composed, its query is refused with HTTP 400, which Chromium logs.
        const expected = (p: string) => !LITERACY_COMPOSED && /Failed to load resource: .* 400/.test(p) && p.includes('/graphql');
        expect(problems.filter((p) => !expected(p))).toEqual([]);
      });

      it('logs out: the token is gone from the session and the sign-in form is back', async () => {
        await page.click('#logout');
        expect(await page.isVisible('#login')).toBe(true);
        expect(await page.isVisible('#app')).toBe(false);
        expect(await page.evaluate(() => (globalThis as any).sessionStorage.getItem('console.token'))).toBeNull();
        await page.reload();
        expect(await page.isVisible('#login')).toBe(true);
      });
    });

    it('refuses a MEMBER token on the page with FORBIDDEN and keeps nothing of it', async () => {
      const { context, page, problems } = await openConsole();
      try {
        await signIn(page, tokens.member);
        expect(await page.isVisible('#login-error')).toBe(true);
        expect(await page.getAttribute('#login-error', 'data-code')).toBe('FORBIDDEN');
        expect(await page.isVisible('#app')).toBe(false);
        expect(await page.$$('#report tbody tr')).toHaveLength(0);
        expect(await page.evaluate(() => (globalThis as any).sessionStorage.getItem('console.token'))).toBeNull();
        expect(problems.filter((p) => LITERACY_COMPOSED || !/Failed to load resource: .* 400/.test(p))).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it('shows a province-bound GOVERNMENT analyst their province only', async () => {
      const { context, page } = await openConsole();
      try {
        await signIn(page, await fed.token({ role: 'GOVERNMENT', province: 'Jawa Timur' }));
        expect(await page.textContent('#who')).toBe('GOVERNMENT · Jawa Timur');
        const ids = await page.$$eval('#report tbody tr', (trs) => trs.map((tr: any) => tr.dataset.library));
        expect(ids).toEqual(['pasuruan']);
      } finally {
        await context.close();
      }
    });

    it("gives a library admin their own library's row, and says FORBIDDEN when they try the region's export", async () => {
      const { context, page } = await openConsole();
      try {
        await signIn(page, await fed.token({ role: 'LIBRARY_ADMIN', libraryId: 'kupang' }));
        const ids = await page.$$eval('#report tbody tr', (trs) => trs.map((tr: any) => tr.dataset.library));
        expect(ids).toEqual(['kupang']);
        await page.click('#export-xlsx');
        await page.waitForSelector('#export-error:not([hidden])');
        expect(await page.getAttribute('#export-error', 'data-code')).toBe('FORBIDDEN');
      } finally {
        await context.close();
      }
    });

    it('says "index not available" and shows the rest when the API has no literacyIndex', async () => {
      const { context, page } = await openConsole();
      try {
        // An API without the field refuses the query at validation, as the gateway would.
        await page.route('**/graphql', (route) =>
          route.request().postData()?.includes('literacyIndex')
            ? route.fulfill({
                status: 400,
                contentType: 'application/json',
                body: JSON.stringify({ errors: [{ message: 'Cannot query field', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] }),
              })
            : route.continue(),
        );
        await signIn(page, tokens.government);
        expect(await page.getAttribute('#literacy', 'data-state')).toBe('unavailable');
        expect(await page.textContent('#literacy')).toContain('index not available');
        expect(await page.$$('#report tbody tr')).toHaveLength(DEMO_LIBRARIES.length);
        expect(await page.isVisible('#app-error')).toBe(false);
      } finally {
        await context.close();
      }
    });

    it('fits a phone: at 360 × 740 the sign-out button is on screen and the page does not scroll sideways', async () => {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'id-ID', isMobile: true, hasTouch: true });
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      try {
        await page.goto(`${base}/console`);
        await signIn(page, tokens.government);
        expect(await page.isVisible('#logout')).toBe(true);
        const box = (await page.locator('#logout').boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.y).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(360);
        expect(box.y + box.height).toBeLessThanOrEqual(740);
        expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
        fs.mkdirSync(path.join(ROOT, 'artifacts'), { recursive: true });
        await page.screenshot({ path: path.join(ROOT, 'artifacts', backend === 'sqlite' ? 'console-phone.png' : `console-phone-${backend}.png`) });
        await page.click('#logout');
        expect(await page.isVisible('#login')).toBe(true);
      } finally {
        await context.close();
      }
    });

    it('refuses a forged token with UNAUTHENTICATED', async () => {
      const { context, page } = await openConsole();
      try {
        await signIn(page, `${tokens.government}x`);
        expect(await page.getAttribute('#login-error', 'data-code')).toBe('UNAUTHENTICATED');
        expect(await page.isVisible('#app')).toBe(false);
      } finally {
        await context.close();
      }
    });
  });
});
