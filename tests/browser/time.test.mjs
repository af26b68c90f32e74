// Time (issue 15) in a real browser: an editor creates a meeting below the
// demo's "Møter", uploads its Innkalling, and schedules a change to it; the
// public meeting keeps its old text until then.  axe-core (WCAG 2.0/2.1 A
// and AA) finds zero violations at 1280 and 375 px on the listings, a news
// item, a meeting, the front page with its latest news and next meeting,
// and the new editor views (an item's time fields, a listing's kind,
// "Planlagt", "Trenger gjennomgang"); no page scrolls sideways at 375 px.
//
//   cd tests/browser && node --test time.test.mjs
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { SRCDIR, startServer } from './server.mjs';
import { launch, skip } from './chromium.mjs';
import { EDITOR, TIMEOUT, skipAxe, navigate, runAxe } from './helpers.mjs';

// Dates a year or so from the real clock (the server runs on it), so the
// meeting stays "coming" and the change "scheduled" whenever this runs.
const DAYS = ['søndag', 'mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag'];
const MONTHS = ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august',
    'september', 'oktober', 'november', 'desember'];
const pad = (n) => String(n).padStart(2, '0');
function ahead(days) {
    const t = new Date(Date.now() + days * 86400000);
    return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}
const asInput = ({ y, m, d }, hm) => `${y}-${pad(m)}-${pad(d)}T${hm}`;
const inNorwegian = ({ y, m, d }, hm) =>
    `${DAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]} ${d}. ${MONTHS[m - 1]} ${y} kl. ${hm.replace(':', '.')}`;
const MEETING_DAY = ahead(380);
const CHANGE_DAY = ahead(365);

let browser;
let site;

before(async () => {
    if (!skip) {
        browser = await launch();
        site = await startServer();
    }
});
after(async () => {
    if (site) {
        const log = await site.stop();
        assert.doesNotMatch(log, /exit signal|Segmentation fault/, log);
    }
    await browser?.close();
});

const ed = (p, q = '') => `${site.url}/redigering${p === '/' ? '' : p}${q ? `?${q}` : ''}`;

async function open({ axe = false, width = 1280 } = {}) {
    const context = await browser.newContext({
        viewport: { width, height: 900 }, bypassCSP: axe, httpCredentials: EDITOR,
    });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('response', (r) => {
        if (r.status() >= 400 && !r.request().isNavigationRequest()) {
            problems.push(`HTTP ${r.status()}: ${r.url()}`);
        }
    });
    return { context, page, problems };
}

describe('news and meetings, scheduled changes', () => {
    test('an editor creates a meeting, uploads its Innkalling and schedules a change; the old text stays public',
        { timeout: TIMEOUT, skip }, async () => {
            const { context, page, problems } = await open();
            await page.goto(ed('/moter', 'vis=ny'));
            // a page made below "Møter" is a meeting: its time fields are there
            assert.equal(await page.isVisible('#f-starts'), true);
            assert.equal(await page.isVisible('#f-place'), true);
            await page.fill('#f-title', 'Ekstraordinært møte i Regionrådet');
            await page.fill('#f-slug', 'ekstraordinaert-mote');
            await page.fill('#f-summary', 'Innkalling kommer.');
            await page.fill('#f-starts', asInput(MEETING_DAY, '09:00'));
            await page.fill('#f-ends', asInput(MEETING_DAY, '11:30'));
            await page.fill('#f-place', 'Songdalen rådhus');
            await page.check('#f-status-pub');
            let r = await navigate(page, () => page.getByRole('button', { name: 'Opprett siden' }).click());
            assert.equal(r.status(), 200);
            assert.match(page.url(), /\/redigering\/moter\/ekstraordinaert-mote/);

            // its Innkalling, through the documents view
            await page.goto(ed('/moter/ekstraordinaert-mote', 'vis=dokumenter'));
            await page.setInputFiles('#f-fil1', path.join(SRCDIR, 'sql', 'demo', 'innkalling.pdf'));
            await page.fill('#f-tittel1', 'Innkalling');
            await navigate(page, () => page.getByRole('button', { name: 'Last opp', exact: true }).click());
            assert.match(await page.textContent('main'), /Innkalling/);

            // a change scheduled for later: "Publiser endringen"
            await page.goto(ed('/moter/ekstraordinaert-mote'));
            await page.fill('#f-summary', 'Saksliste og innkalling er lagt ut.');
            await page.fill('#f-planlagt', asInput(CHANGE_DAY, '08:00'));
            await navigate(page, () => page.getByRole('button', { name: 'Lagre', exact: true }).click());
            assert.match(page.url(), /melding=planlagt/);
            assert.match(await page.textContent('main'), /Ekstraordinært møte i Regionrådet/);

            await page.goto(ed('/', 'vis=planlagt'));
            const row = await page.textContent('main tbody');
            assert.ok(row.includes(inNorwegian(CHANGE_DAY, '08:00')), row);
            assert.match(row, /Ekstraordinært møte i Regionrådet/);

            // the public meeting: the old summary, the date in Norwegian, the document
            r = await page.goto(`${site.url}/moter/ekstraordinaert-mote`);
            assert.equal(r.status(), 200);
            const main = await page.textContent('main');
            assert.match(main, /Innkalling kommer\./);
            assert.doesNotMatch(main, /Saksliste og innkalling er lagt ut/);
            assert.ok(main.includes(inNorwegian(MEETING_DAY, '09:00')), main);
            assert.match(main, /Songdalen rådhus/);
            assert.equal(await page.locator('.documents a', { hasText: 'Innkalling' }).count(), 1);
            // the meeting is in the listing, among the coming ones
            await page.goto(`${site.url}/moter`);
            assert.match(await page.textContent('main'), /Ekstraordinært møte i Regionrådet/);
            assert.deepEqual(problems, []);
            await context.close();
        });

    const PUBLIC = ['/', '/aktuelt', '/moter', '/aktuelt/nytt-nettsted', '/moter/regionradet-forrige-maned'];
    const EDITOR_VIEWS = [['/moter/regionradet-neste-maned', ''], ['/moter', ''], ['/aktuelt', 'vis=ny'],
        ['/', 'vis=planlagt'], ['/', 'vis=gjennomgang'], ['/naeringsnettverket', '']];

    for (const width of [1280, 375]) {
        test(`axe: zero violations on listings, items and the new editor views at ${width} px; no sideways scrolling`,
            { timeout: TIMEOUT, skip: skipAxe }, async () => {
                const { context, page } = await open({ axe: true, width });
                const check = async (url, label) => {
                    const r = await page.goto(url);
                    assert.equal(r.status(), 200, label);
                    await runAxe(page, `${label} at ${width} px`);
                    const w = await page.evaluate(() => document.documentElement.scrollWidth);
                    assert.ok(w <= width, `${label}: scrollWidth ${w} > ${width}`);
                };
                for (const p of PUBLIC) {
                    await check(`${site.url}${p}`, p);
                }
                for (const [p, q] of EDITOR_VIEWS) {
                    await check(ed(p, q), `editor ${p} ${q}`);
                }
                await context.close();
            });
    }
});
