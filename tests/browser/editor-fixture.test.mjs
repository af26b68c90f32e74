// Browser tests of the editor's front end (xslt/ressurser/editor.js and
// editor.css) on the static fixture tests/browser/fixtures/editor.html, in
// real headless Chromium through playwright-core.
//
//   cd tests/browser && npm install && node --test
// or, with the packages installed elsewhere (CommonJS resolution, so
// NODE_PATH works):
//   NODE_PATH=/tmp/edtest/node_modules node --test tests/browser/
//
// Skips, saying why, when Chromium (/usr/bin/chromium, or $CHROMIUM) or
// playwright-core is missing.  Screenshots go to $SCREENSHOT_DIR (default:
// a directory under the system temp dir), printed as a diagnostic.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { axePath, launch, skip } from './chromium.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const fixtures = path.join(here, 'fixtures');
const fixtureUrl = pathToFileURL(path.join(fixtures, 'editor.html')).href;
const shotDir = process.env.SCREENSHOT_DIR || path.join(os.tmpdir(), 'naering-editor-shots');

// The site's Content-Security-Policy, sent by the test server below.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";
// What the test server answers for GET /bilder/ID: a 1 x 1 PNG.
// The library as ?vis=bilder&format=xml gives it, and a refused upload's page.
function libraryXml(q) {
    const images = [
        '<image id="7" src="/bilder/7" width="800" height="600" name="havn.jpg" alt="Havna i Kristiansand">'
            + '<variant url="/bilder/7/bbb.webp" type="image/webp" width="800" height="600"/>'
            + '<variant url="/bilder/7/aaa.jpg" type="image/jpeg" width="480" height="360"/></image>',
        '<image id="8" src="/bilder/8" width="300" height="40" name="strek.png" alt="">'
            + '<variant url="/bilder/8/ccc.png" type="image/png" width="300" height="40"/></image>',
    ].filter((im) => !q || im.includes(q));
    return '<?xml version="1.0" encoding="UTF-8"?>\n<naering view="images" status="200">'
        + '<editor url="/redigering/naeringsnettverket" user="redaktor" csrf="bibliotek-csrf" home="/redigering"/>'
        + `<library>${images.join('')}</library></naering>`;
}
const REFUSED = '<!DOCTYPE html><html lang="nb"><title>Bilder</title><main><div class="error-summary" role="alert">'
    + '<h2>Bildet ble ikke lagt inn</h2><ul><li>Denne filtypen kan ikke brukes som bilde. Tillatt er JPEG, PNG, '
    + 'WebP, HEIC og AVIF (ikke SVG eller GIF).</li></ul></div></main></html>';
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64');


const PASTES = {
    word: fs.readFileSync(path.join(fixtures, 'paste-word.html'), 'utf8'),
    libreoffice: fs.readFileSync(path.join(fixtures, 'paste-libreoffice.html'), 'utf8'),
    gdocs: fs.readFileSync(path.join(fixtures, 'paste-gdocs.html'), 'utf8'),
};

// What each paste must keep (checked in the posted textarea value).
const EXPECT = {
    word: [
        '<h2>Næringsnettverket i Kristiansandsregionen</h2>',
        '<strong>bedrifter</strong>', '<em>erfaringer</em>',
        '<h2>Hva får du som medlem?</h2>',
        /<ul>\s*<li>Gratis kurs i <strong>økonomistyring<\/strong><\/li>/,
        /<li>Møteplasser med andre gründere<ul>\s*<li>Frokostmøter på Sørlandets Kompetansesenter<\/li>\s*<\/ul><\/li>/,
        /<ol>\s*<li>Fyll ut søknadsskjemaet<\/li>/,
        '<a href="mailto:post@knutepunkt-sorlandet.no">',
        '<a href="https://www.kristiansand.kommune.no/naering">kommunens nettsider</a>',
        /<table>\s*<tbody>\s*<tr><td><strong>Kommune<\/strong><\/td>/,
        '<td>Åse Sørensen</td>',
    ],
    libreoffice: [
        '<h2>Tilskudd til etablerere i Søgne og Songdalen</h2>',
        '<strong>etablerertilskudd</strong>', '<em>arbeidsplasser</em>',
        '<h3>Hvem kan søke?</h3>',
        /<ul>\s*<li>Enkeltpersonforetak og aksjeselskap under tre år<\/li>/,
        '<li>Bedrifter med forretningsadresse i en av regionens kommuner</li>',
        '<a href="tel:+4738000000">38 00 00 00</a>',
        '<td>Inntil 50&nbsp;000 kr</td>',
    ],
    gdocs: [
        '<h2>Årsmøte i næringsforeningen</h2>',
        '<p>Årsmøtet holdes <strong>tirsdag 12. mars</strong> på Kilden i Kristiansand. Påmelding er <em>ikke</em> nødvendig.</p>',
        '<h2>Saksliste</h2>',
        /<ol>\s*<li>Godkjenning av innkalling<\/li>/,
        /<li>Årsberetning og regnskap<ul>\s*<li>Revisors beretning<\/li>\s*<\/ul><\/li>/,
        '<li><strong>Valg</strong> av styre</li>',
        '<a href="https://www.knutepunkt-sorlandet.no/arsmote">innkallingen</a>',
    ],
};

// Nothing of the programs' own markup may survive.
const LEFTOVERS = [/\sclass=/i, /\sstyle=/i, /\sid=/i, /\sdir=/i, /mso-/i, /<o:p/i, /<\/?span/i,
    /<\/?b[\s>]/i, /<\/?i[\s>]/i, /<\/?font/i, /<\/?div/i, /<!--/, /<meta/i, /<style/i, /<h1/i,
    /docs-internal-guid/i, /Apple-interchange/i, /·|§/, /&nbsp;<\/p>/, /<p>\s*<\/p>/, /<p><br><\/p>/];

function assertClean(html, label) {
    for (const re of LEFTOVERS) {
        assert.doesNotMatch(html, re, `${label}: ${re} left in:\n${html}`);
    }
}

function assertHas(html, expected, label) {
    for (const e of expected) {
        if (e instanceof RegExp) {
            assert.match(html, e, `${label}: missing ${e} in:\n${html}`);
        } else {
            assert.ok(html.includes(e), `${label}: missing ${e} in:\n${html}`);
        }
    }
}

let browser;

// When skipping, one skipped test says why (and the summary counts it);
// otherwise the two suites below run.
const suite = skip ? () => {} : describe;
if (skip) {
    test('editor front end in Chromium', { skip }, () => {});
}

before(async () => {
    if (!skip) {
        browser = await launch();
        fs.mkdirSync(shotDir, { recursive: true });
    }
});
after(async () => {
    await browser?.close();
});

async function openPage(url = fixtureUrl, options = {}) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
    const page = await context.newPage();
    const problems = [];
    page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') {
            problems.push(`console ${m.type()}: ${m.text()}`);
        }
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(url);
    await page.waitForLoadState('load');
    return { page, context, problems };
}

const area = '#f-body-rik';
const toolbarButton = (action) => `.rich-toolbar button[data-action="${action}"]`;

async function bodyValue(page) {
    return page.$eval('#f-body', (t) => t.value);
}

async function clearArea(page) {
    await page.focus(area);
    await page.evaluate(() => {
        document.execCommand('selectAll');
        document.execCommand('delete');
    });
}

async function paste(page, html, text = '') {
    await page.focus(area);
    return page.evaluate(([h, t]) => {
        const dt = new DataTransfer();
        if (h) {
            dt.setData('text/html', h);
        }
        if (t) {
            dt.setData('text/plain', t);
        }
        const ev = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true });
        document.querySelector('#f-body-rik').dispatchEvent(ev);
        return ev.defaultPrevented;
    }, [html, text]);
}

async function focusedAction(page) {
    return page.evaluate(() => document.activeElement && (document.activeElement.getAttribute('data-action')
        || document.activeElement.id || document.activeElement.localName));
}

suite('editor.js on the fixture page', () => {
    test('enhances the field: toolbar, region, hidden textarea, no console errors', async () => {
        const { page, context, problems } = await openPage();
        const info = await page.evaluate(() => {
            const tb = document.querySelector('.rich [role="toolbar"]');
            const ar = document.querySelector('.rich .rich-area');
            const ta = document.getElementById('f-body');
            return {
                toolbarLabel: tb.getAttribute('aria-label'),
                controls: tb.getAttribute('aria-controls'),
                areaId: ar.id,
                buttons: [...tb.querySelectorAll('button')].map((b) => ({
                    type: b.type, text: b.textContent, tabindex: b.getAttribute('tabindex'),
                    pressed: b.getAttribute('aria-pressed'), w: b.getBoundingClientRect().width,
                    h: b.getBoundingClientRect().height,
                })),
                area: ['contenteditable', 'role', 'aria-multiline', 'aria-labelledby', 'aria-describedby']
                    .map((a) => ar.getAttribute(a)),
                areaHtml: ar.innerHTML,
                textareaHidden: ta.hidden,
                textareaInForm: ta.form === document.querySelector('form.editor-form'),
                globals: Object.keys(window.naeringEditor),
            };
        });
        assert.equal(info.toolbarLabel, 'Formatering');
        assert.equal(info.controls, info.areaId);
        assert.deepEqual(info.buttons.map((b) => b.text), ['Fet', 'Kursiv', 'Overskrift 2', 'Overskrift 3',
            'Punktliste', 'Nummerert liste', 'Lenke', 'Fjern lenke', 'Tabell', 'Bilde', 'Språk', 'Angre', 'Gjør om', 'Vis HTML']);
        assert.ok(info.buttons.every((b) => b.type === 'button'));
        assert.equal(info.buttons.filter((b) => b.tabindex === '0').length, 1, 'one tab stop');
        assert.deepEqual(info.buttons.filter((b) => b.pressed !== null).map((b) => b.text),
            ['Fet', 'Kursiv', 'Overskrift 2', 'Overskrift 3', 'Punktliste', 'Nummerert liste', 'Vis HTML']);
        assert.ok(info.buttons.every((b) => b.w >= 44 && b.h >= 44), 'touch targets >= 44 px');
        assert.deepEqual(info.area, ['true', 'textbox', 'true', 'f-body-label', 'f-body-hint']);
        assert.equal(info.areaHtml, '<p>Hei</p>');
        assert.equal(info.textareaHidden, true);
        assert.equal(info.textareaInForm, true);
        assert.deepEqual(info.globals, ['clean', 'langTag']);
        // the label names the field that shows: the rich area, not the hidden textarea
        assert.equal(await page.getAttribute('#f-body-label', 'for'), null);
        await page.click(toolbarButton('source'));
        assert.equal(await page.getAttribute('#f-body-label', 'for'), 'f-body');
        await page.click(toolbarButton('source'));
        assert.equal(await page.getAttribute('#f-body-label', 'for'), null);
        // language tags as the server keeps them (core/lang.c, text/sanitize.c)
        const tags = await page.evaluate(() => ['nn', 'EN-GB', 'zh-hant-tw', 'x-Klingon', 'en-a-BBB',
            'NO-BOK', 'en_GB', 'e', '', 'en-', 'x', 'de-CH-1901', 'es-419']
            .map((t) => window.naeringEditor.langTag(t)));
        assert.deepEqual(tags, ['nn', 'en-GB', 'zh-Hant-TW', 'x-Klingon', 'en-a-BBB',
            null, null, null, null, null, null, 'de-CH-1901', 'es-419']);
        assert.deepEqual(problems, []);
        await context.close();
    });

    test('toolbar: one tab stop, arrow keys, Home/End, Alt+F10 and Escape', async () => {
        const { page, context, problems } = await openPage();
        await page.focus('#f-title');
        await page.keyboard.press('Tab');
        assert.equal(await focusedAction(page), 'bold', 'Tab reaches the toolbar');
        await page.keyboard.press('ArrowRight');
        assert.equal(await focusedAction(page), 'italic');
        await page.keyboard.press('End');
        assert.equal(await focusedAction(page), 'source');
        await page.keyboard.press('ArrowRight');
        assert.equal(await focusedAction(page), 'bold', 'wraps to the first');
        await page.keyboard.press('ArrowLeft');
        assert.equal(await focusedAction(page), 'source', 'wraps to the last');
        await page.keyboard.press('Home');
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press('ArrowRight');
        assert.equal(await focusedAction(page), 'h2');
        const stops = await page.$$eval('.rich-toolbar button', (bs) => bs.filter((b) => b.tabIndex === 0)
            .map((b) => b.dataset.action));
        assert.deepEqual(stops, ['h2'], 'roving tabindex follows focus');
        const ring = await page.$eval(':focus', (b) => getComputedStyle(b).outlineColor);
        assert.equal(ring, 'rgb(255, 191, 71)', 'focus ring is --focus');
        await page.keyboard.press('Tab');
        assert.equal(await focusedAction(page), 'f-body-rik', 'Tab leaves the toolbar for the text');
        await page.keyboard.press('Shift+Tab');
        assert.equal(await focusedAction(page), 'h2', 'Shift+Tab comes back to the last button');
        await page.keyboard.press('Escape');
        assert.equal(await focusedAction(page), 'f-body-rik');
        await page.keyboard.press('Alt+F10');
        assert.equal(await focusedAction(page), 'h2');
        await page.keyboard.press('Tab');
        await page.keyboard.press('Tab');
        assert.equal(await focusedAction(page), 'f-summary', 'the hidden textarea is skipped');
        assert.deepEqual(problems, []);
        await context.close();
    });

    test('typing, Ctrl+B, Ctrl+I, heading and list end up clean in the textarea', async () => {
        const { page, context, problems } = await openPage();
        await page.click(area);
        await page.keyboard.press('Control+End');
        await page.keyboard.type(' og velkommen. Her er ');
        await page.keyboard.press('Control+b');
        assert.equal(await page.getAttribute(toolbarButton('bold'), 'aria-pressed'), 'true');
        await page.keyboard.type('fet tekst');
        await page.keyboard.press('Control+b');
        await page.keyboard.type(' og ');
        await page.keyboard.press('Control+i');
        await page.keyboard.type('kursiv');
        await page.keyboard.press('Control+i');
        await page.keyboard.press('Enter');
        await page.keyboard.type('Møter i 2025');
        await page.click(toolbarButton('h2'));
        assert.equal(await page.getAttribute(toolbarButton('h2'), 'aria-pressed'), 'true');
        await page.keyboard.press('End');
        await page.keyboard.press('Enter');
        await page.keyboard.type('Vanlig avsnitt med æøå.');
        await page.keyboard.press('Enter');
        await page.click(toolbarButton('ul'));
        await page.keyboard.type('Første punkt');
        await page.keyboard.press('Enter');
        await page.keyboard.type('Andre punkt');
        assert.equal(await page.getAttribute(toolbarButton('ul'), 'aria-pressed'), 'true');
        const v = await bodyValue(page);
        assertHas(v, [
            '<p>Hei og velkommen. Her er <strong>fet tekst</strong> og <em>kursiv</em></p>',
            '<h2>Møter i 2025</h2>',
            '<p>Vanlig avsnitt med æøå.</p>',
            /<ul>\s*<li>Første punkt<\/li>\s*<li>Andre punkt<\/li>\s*<\/ul>/,
        ], 'typed');
        assertClean(v, 'typed');
        assert.doesNotMatch(await page.$eval(area, (a) => a.innerHTML), /<div/, 'Enter makes <p>, not <div>');

        // the heading button toggles back to a paragraph
        await page.click(`${area} h2`);
        await page.click(toolbarButton('h2'));
        assert.match(await bodyValue(page), /<p>Møter i 2025<\/p>/);
        // Angre (undo) brings the heading back, Gjør om (redo) removes it again
        await page.click(toolbarButton('undo'));
        assert.match(await bodyValue(page), /<h2>Møter i 2025<\/h2>/);
        await page.click(toolbarButton('redo'));
        assert.match(await bodyValue(page), /<p>Møter i 2025<\/p>/);
        // and from the keyboard: Ctrl+Z, Ctrl+Y
        await page.focus(area);
        await page.keyboard.press('Control+z');
        assert.match(await bodyValue(page), /<h2>Møter i 2025<\/h2>/);
        await page.keyboard.press('Control+y');
        assert.match(await bodyValue(page), /<p>Møter i 2025<\/p>/);
        assert.deepEqual(problems, []);
        await context.close();
    });

    for (const [name, html] of Object.entries(PASTES)) {
        test(`paste from ${name}: structure kept, the program's markup gone`, async () => {
            const { page, context, problems } = await openPage();
            await clearArea(page);
            assert.equal(await paste(page, html, 'fallback text'), true, 'paste is intercepted');
            const v = await bodyValue(page);
            assertHas(v, EXPECT[name], name);
            assertClean(v, name);
            const region = await page.$eval(area, (a) => a.innerHTML);
            assert.doesNotMatch(region, /mso-|<o:p|docs-internal|<font|<script|<style|<meta/i,
                `${name}: region:\n${region}`);
            assert.equal(await page.$$eval(`${area} :is(p, h2, h3, h4) :is(p, h2, h3, h4, ul, ol, table)`,
                (n) => n.length), 0, `${name}: no block inside a paragraph or heading:\n${region}`);
            // the direct call gives the same, and cleaning twice changes nothing
            const direct = await page.evaluate((h) => {
                const once = window.naeringEditor.clean(h);
                return { once, twice: window.naeringEditor.clean(once) };
            }, html);
            assertHas(direct.once, EXPECT[name], `${name} clean()`);
            assertClean(direct.once, `${name} clean()`);
            assert.equal(direct.twice, direct.once, 'idempotent');
            assert.deepEqual(problems, []);
            await context.close();
        });
    }

    test('paste over a whole text that starts with a heading: blocks stay blocks', async () => {
        const { page, context, problems } = await openPage();
        await page.evaluate(() => {
            const a = document.getElementById('f-body-rik');
            a.innerHTML = '<h2>Gammel tittel</h2><p>Gammel tekst</p>';
            a.focus();
            document.execCommand('selectAll');
        });
        await paste(page, PASTES.gdocs);
        const region = await page.$eval(area, (a) => a.innerHTML);
        assert.equal(await page.$$eval(`${area} :is(p, h2, h3, h4) :is(p, h2, h3, h4, ul, ol, table)`,
            (n) => n.length), 0, region);
        assert.match(region, /^<h2>Årsmøte i næringsforeningen<\/h2><p>Årsmøtet holdes/, region);
        assertHas(await bodyValue(page), EXPECT.gdocs, 'over a heading');
        assert.doesNotMatch(await bodyValue(page), /Gammel/);
        // and a table inserted into an empty heading is not put inside it
        await page.evaluate(() => {
            const a = document.getElementById('f-body-rik');
            a.innerHTML = '<h3><br></h3>';
            a.focus();
        });
        await page.click(toolbarButton('table'));
        assert.equal(await page.$$eval(`${area} h3 table`, (n) => n.length), 0);
        assert.deepEqual(problems, []);
        await context.close();
    });

    test('paste of plain text: paragraphs on blank lines, <br> between lines', async () => {
        const { page, context } = await openPage();
        await clearArea(page);
        await paste(page, '', 'Første linje\nAndre linje <b>ikke fet</b>\n\n\nNytt avsnitt & mer\r\n');
        const v = await bodyValue(page);
        assert.equal(v, '<p>Første linje<br>Andre linje &lt;b&gt;ikke fet&lt;/b&gt;</p>\n<p>Nytt avsnitt &amp; mer</p>');
        await context.close();
    });

    test('clean() of hostile input keeps no script, handlers or javascript: links', async () => {
        const { page, context, problems } = await openPage();
        const hostile = [
            '<script>alert(1)</script><p>a</p>',
            '<img src=x onerror=alert(1)>',
            '<p onclick="alert(1)" onmouseover=alert(1)>klikk</p>',
            '<a href="javascript:alert(1)">x</a>',
            '<a href=" JaVaScRiPt:alert(1)">x</a>',
            '<a href="java&#09;script:alert(1)">x</a>',
            '<a href="&#106;avascript:alert(1)">x</a>',
            '<a href="vbscript:msgbox(1)">x</a>',
            '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
            '<a href="//evil.example/">x</a>',
            '<a href="\\\\evil.example">x</a>',
            '<svg onload=alert(1)><script>alert(1)</script></svg>',
            '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
            '<iframe src="javascript:alert(1)"></iframe>',
            '<object data="x.swf"></object><embed src="x.swf">',
            '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">b</button></form>',
            '<style>@import "evil.css"; p { background: url(javascript:alert(1)) }</style>',
            '<p style="background:url(javascript:alert(1))">stil</p>',
            '<table><tr><td background="javascript:alert(1)" onclick="x()">c</td></tr></table>',
            '<base href="https://evil.example/"><link rel=stylesheet href=//evil.example/x.css>',
            '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
            '<details open ontoggle=alert(1)><summary>s</summary></details>',
            '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>',
            '<template><script>alert(1)</script></template>',
            '<!--<img src=x onerror=alert(1)>--><p>etter</p>',
            '<a href="https://ok.example/" title="t" onfocus="alert(1)" target="_blank" rel="x">ok</a>',
        ].join('\n');
        const out = await page.evaluate((h) => {
            window.__ran = false;
            return window.naeringEditor.clean(h);
        }, hostile);
        assert.doesNotMatch(out, /<script|<img|<svg|<math|<iframe|<object|<embed|<form|<button|<style|<base|<link|<meta|<details|<noscript|<template/i, out);
        assert.doesNotMatch(out, /\son[a-z]+\s*=/i, out);
        assert.doesNotMatch(out, /javascript:|vbscript:|data:|evil\.example|\sstyle=|\starget=|\srel=/i, out);
        assert.match(out, /<a href="https:\/\/ok\.example\/" title="t">ok<\/a>/, out);
        assert.match(out, /<p>klikk<\/p>/, out);
        // the region is never given unclean markup either: load the page with it
        const { page: p2, context: c2, problems: pr2 } = await openPage();
        const alerted = [];
        p2.on('dialog', async (d) => { alerted.push(d.message()); await d.dismiss(); });
        await p2.evaluate((h) => {
            const toggle = document.querySelector('.rich button[data-action="source"]');
            toggle.click();                                 // to the HTML view
            document.getElementById('f-body').value = h;    // what a power user types
            toggle.click();                                 // back: the region is filled from it
        }, hostile);
        // Waits on the region being filled from the field, not on time;
        // nothing unclean in it is then the proof (an alert could only
        // come from markup that is there).
        await p2.waitForFunction((sel) => document.querySelector(sel).textContent.length > 0, area);
        assert.deepEqual(alerted, []);
        const region = await p2.$eval(area, (a) => a.innerHTML);
        assert.doesNotMatch(region, /<script|<img|\son[a-z]+=|javascript:/i, region);
        assert.deepEqual(problems, []);
        assert.deepEqual(pr2, []);
        await context.close();
        await c2.close();
    });

    // The server keeps a page's images only in one form (text/sanitize.c,
    // tests/unit/text/check_sanitize.c): <figure><img src="/bilder/ID"
    // alt="…"/><figcaption>…</figcaption></figure>, a block of its own.
    // clean() must give the same, or opening and saving a page loses them.
    test('clean() keeps the site\'s images as the server\'s figures, where the server puts them', async () => {
        const { page, context, problems } = await openPage();
        const F = (src, alt, more = '', cap = '') => `<figure><img src="${src}"${alt === null ? '' : ` alt="${alt}"`}${more}>`
            + `${cap ? `<figcaption>${cap}</figcaption>` : ''}</figure>`;
        const cases = [
            // the stored form (XHTML) reads back as itself
            ['<figure><img src="/bilder/12" alt="Kart over Agder"/></figure>', F('/bilder/12', 'Kart over Agder')],
            ['<figure><img src="/bilder/12" alt="" role="presentation"/><figcaption>Foto: Kommunen</figcaption></figure>',
                F('/bilder/12', '', ' role="presentation"', 'Foto: Kommunen')],
            // src: the site's own, normalised to /bilder/ID
            ['<img src="/bilder/12/stor/kart.jpg" alt="k">', F('/bilder/12', 'k')],
            ['<img src="/bilder/12/" alt="k">', F('/bilder/12', 'k')],
            ['<img src="/bilder/12?w=300&amp;h=200" alt="k">', F('/bilder/12', 'k')],
            ['<img src=" \n/bilder/12\t " alt="k">', F('/bilder/12', 'k')],
            ['<img src="&#47;bilder&#x2F;12" alt="k">', F('/bilder/12', 'k')],
            ['<img src="/bilder/9007199254740991" alt="k">', F('/bilder/9007199254740991', 'k')],
            // the page's own picture, as copied from the public page
            ['<figure class="image"><picture><source type="image/webp" srcset="/bilder/1/ab.webp 480w">'
                + '<img src="/bilder/1/cd.jpg" srcset="/bilder/1/cd.jpg 480w" sizes="50vw" width="480" height="320" '
                + 'alt="Kart" loading="lazy" decoding="async" class="x" style="float:left" onerror="alert(1)"></picture>'
                + '<figcaption class="c">Foto</figcaption></figure>', F('/bilder/1', 'Kart', '', 'Foto')],
            // alt: plain text, collapsed, at most 300 characters; empty only when decorative
            ['<img src="/bilder/1" alt="  Kart \n over\t\tAgder  ">', F('/bilder/1', 'Kart over Agder')],
            ['<img src="/bilder/1" alt=\'&lt;b&gt; &amp; "x"\'>', F('/bilder/1', '&lt;b&gt; &amp; &quot;x&quot;')],
            [`<img src="/bilder/1" alt="${'a'.repeat(299)} bbb">`, F('/bilder/1', 'a'.repeat(299))],
            [`<img src="/bilder/1" alt="${'ø'.repeat(301)}">`, F('/bilder/1', 'ø'.repeat(300))],
            ['<img src="/bilder/1" alt=" \n " role=" PRESENTATION ">', F('/bilder/1', '', ' role="presentation"')],
            ['<img src="/bilder/1" alt="Kart" role="presentation">', F('/bilder/1', 'Kart')],
            ['<img src="/bilder/1" alt="">', F('/bilder/1', null)],
            ['<img src="/bilder/1" alt="&nbsp;&nbsp;">', F('/bilder/1', null)],
            ['<img src="/bilder/1" role="presentation">', F('/bilder/1', null)],
            ['<img src="/bilder/1">', F('/bilder/1', null)],
            // captions: plain text, the first one of the figure's first image
            ['<figure><img src="/bilder/1" alt="k"><figcaption><p>Foto</p><p><b>Kommunen</b></p></figcaption></figure>',
                F('/bilder/1', 'k', '', 'Foto Kommunen')],
            ['<figure><figcaption>Foto</figcaption><img src="/bilder/1" alt="k"></figure>', F('/bilder/1', 'k', '', 'Foto')],
            ['<figure><img src="/bilder/1" alt="k"><figcaption>En</figcaption><figcaption>To</figcaption></figure>',
                `${F('/bilder/1', 'k', '', 'En')}\n<p>To</p>`],
            ['<figure><img src="/bilder/1" alt="a"><img src="/bilder/2" alt="b"><figcaption>Foto</figcaption></figure>',
                `${F('/bilder/1', 'a', '', 'Foto')}\n${F('/bilder/2', 'b')}`],
            ['<figure><img src="https://x.example/1.jpg" alt="a"><figcaption>Foto</figcaption></figure>', '<p>Foto</p>'],
            ['<figure><img src="/bilder/1" alt="a"><figcaption>Foto<img src="/bilder/2" alt="b"></figcaption></figure>',
                F('/bilder/1', 'a', '', 'Foto')],
            ['<figure>Før<img src="/bilder/1" alt="k"><figcaption>Foto</figcaption>Etter</figure>',
                `<p>Før</p>\n${F('/bilder/1', 'k', '', 'Foto')}\n<p>Etter</p>`],
            // where a figure stands: a block of its own, out of p, headings and inline elements
            ['Før<img src="/bilder/1" alt="k">etter', `<p>Før</p>\n${F('/bilder/1', 'k')}\n<p>etter</p>`],
            ['<p>Før <img src="/bilder/1" alt="k"> etter</p>', `<p>Før</p>\n${F('/bilder/1', 'k')}\n<p>etter</p>`],
            ['<p> <img src="/bilder/1" alt="k"> </p>', F('/bilder/1', 'k')],
            ['<p><img src="/bilder/1" alt="a"><img src="/bilder/2" alt="b"></p>', `${F('/bilder/1', 'a')}\n${F('/bilder/2', 'b')}`],
            ['<p><a href="/side">Les <img src="/bilder/1" alt="k">mer</a></p>',
                `<p><a href="/side">Les</a></p>\n${F('/bilder/1', 'k')}\n<p><a href="/side">mer</a></p>`],
            ['<a href="/side"><img src="/bilder/1" alt="k"></a>', F('/bilder/1', 'k')],
            ['<p><strong>a<img src="/bilder/1" alt="k">b</strong></p>',
                `<p><strong>a</strong></p>\n${F('/bilder/1', 'k')}\n<p><strong>b</strong></p>`],
            ['<h2>Tittel <img src="/bilder/1" alt="k"> mer</h2>', `<h2>Tittel</h2>\n${F('/bilder/1', 'k')}\n<h2>mer</h2>`],
            ['<h3>Tittel<img src="/bilder/1" alt="k"></h3>', `<h3>Tittel</h3>\n${F('/bilder/1', 'k')}`],
            ['<p>a<figure><img src="/bilder/1" alt="k"><figcaption>Foto</figcaption></figure>b</p>',
                `<p>a</p>\n${F('/bilder/1', 'k', '', 'Foto')}\n<p>b</p>`],
            ['<p class=MsoNormal><span style=\'mso-no-proof:yes\'><img width=300 height=200 src="/bilder/7" alt="Kart" '
                + 'v:shapes="x"></span><o:p></o:p></p>', F('/bilder/7', 'Kart')],
            // in list items and cells a figure stays inside, between the text
            ['<ul><li>a<img src="/bilder/1" alt="k">b</li></ul>', `<ul>\n<li>a${F('/bilder/1', 'k')}b</li>\n</ul>`],
            ['<ul><img src="/bilder/1" alt="k"><li>a</li></ul>', `<ul>\n<li>${F('/bilder/1', 'k')}</li>\n<li>a</li>\n</ul>`],
            ['<table><tr><td>a<img src="/bilder/1" alt="k"></td></tr></table>',
                `<table>\n<tbody>\n<tr><td>a${F('/bilder/1', 'k')}</td></tr>\n</tbody>\n</table>`],
            ['<blockquote>Sitat<img src="/bilder/1" alt="k">slutt</blockquote>',
                `<blockquote>\n<p>Sitat</p>\n${F('/bilder/1', 'k')}\n<p>slutt</p>\n</blockquote>`],
            // a table's caption cannot split: it loses the image
            ['<table><caption>Frist<img src="/bilder/1" alt="k">er</caption><tr><td>a</td></tr></table>',
                '<table>\n<caption>Frister</caption>\n<tbody>\n<tr><td>a</td></tr>\n</tbody>\n</table>'],
            // any other image is gone, its alt text too
            ...['https://evil.example/bilder/1', '//evil.example/bilder/1', 'javascript:alert(1)//bilder/1',
                '/bilderx/1', '/bilder', '/bilder/', '/bilder//1', '/bilder/0', '/bilder/01', '/bilder/1abc',
                '/bilder/-1', '/bilder/9007199254740992', '/bilder/99999999999999999999', 'bilder/1', './bilder/1',
                '/bilder/%31', '/bilder\\1', '/bilder/1#x', 'data:image/png;base64,AAAA', 'x']
                .map((src) => [`<p>før<img src="${src}" alt="HEMMELIG">etter</p>`, '<p>føretter</p>']),
            ['<p>før<img alt="HEMMELIG">etter</p>', '<p>føretter</p>'],
        ];
        const got = await page.evaluate((c) => c.map(([html]) => {
            const once = window.naeringEditor.clean(html);
            return { once, twice: window.naeringEditor.clean(once) };
        }), cases);
        cases.forEach(([html, want], i) => {
            assert.equal(got[i].once, want, `clean(${html})`);
            assert.equal(got[i].twice, got[i].once, `idempotent: ${html}`);
        });
        // a page that keeps no images (no data-images): as the server's plain sanitizer
        const none = await page.evaluate(() => window.naeringEditor.clean(
            '<p>a<img src="/bilder/1" alt="k">b</p><figure><img src="/bilder/2" alt="j"><figcaption>Foto</figcaption></figure>',
            null));
        assert.equal(none, '<p>ab</p>\n<p>Foto</p>');
        // another site path: only its own images
        const other = await page.evaluate(() => window.naeringEditor.clean(
            '<img src="/site/bilder/3?w=1" alt="k"><p>a<img src="/bilder/3" alt="k">b</p>', '/site/bilder'));
        assert.equal(other, '<figure><img src="/site/bilder/3" alt="k"></figure>\n<p>ab</p>');
        assert.deepEqual(problems, []);
        await context.close();
    });

    test('Lenke: inline dialog, only safe addresses, empty removes; Fjern lenke; Tabell', async () => {
        const { page, context, problems } = await openPage();
        // select "Hei"
        await page.evaluate(() => {
            const p = document.querySelector('#f-body-rik p');
            const r = document.createRange();
            r.selectNodeContents(p);
            document.getElementById('f-body-rik').focus();
            getSelection().removeAllRanges();
            getSelection().addRange(r);
        });
        await page.keyboard.press('Control+k');
        assert.equal(await page.isVisible('.rich-link'), true);
        assert.equal(await focusedAction(page), 'f-body-lenke');
        await page.keyboard.type('javascript:alert(1)');
        await page.keyboard.press('Enter');                  // must not submit the form
        assert.equal(await page.isVisible('#f-body-lenke-feil'), true);
        assert.equal(await page.getAttribute('#f-body-lenke', 'aria-invalid'), 'true');
        assert.match(await page.textContent('#f-body-lenke-feil'), /https:\/\//);
        await page.fill('#f-body-lenke', 'www.kristiansand.kommune.no');
        await page.keyboard.press('Enter');
        assert.equal(await page.isVisible('.rich-link'), false);
        assert.equal(await focusedAction(page), 'f-body-rik', 'focus back in the text');
        assert.match(await bodyValue(page), /<p><a href="https:\/\/www\.kristiansand\.kommune\.no">Hei<\/a><\/p>/);

        // the dialog again, with the caret in the link: shows its address; Escape cancels
        await page.click(`${area} a`);
        await page.click(toolbarButton('link'));
        assert.equal(await page.inputValue('#f-body-lenke'), 'https://www.kristiansand.kommune.no');
        await page.keyboard.press('Escape');
        assert.equal(await page.isVisible('.rich-link'), false);
        assert.equal(await focusedAction(page), 'f-body-rik');

        // relative and mailto pass; empty removes the link
        await page.click(`${area} a`);
        await page.click(toolbarButton('link'));
        await page.fill('#f-body-lenke', '/naeringsnettverket/kontakt');
        await page.click('.rich-link button.primary');
        assert.match(await bodyValue(page), /<a href="\/naeringsnettverket\/kontakt">Hei<\/a>/);
        await page.click(`${area} a`);
        await page.click(toolbarButton('link'));
        await page.fill('#f-body-lenke', '');
        await page.keyboard.press('Enter');
        assert.equal(await bodyValue(page), '<p>Hei</p>');

        // a link with nothing selected inserts the address as text; Fjern lenke removes it
        await page.click(area);
        await page.keyboard.press('Control+End');
        await page.keyboard.type(' Skriv til ');
        await page.click(toolbarButton('link'));
        await page.fill('#f-body-lenke', 'post@kommune.no');
        await page.keyboard.press('Enter');
        assert.match(await bodyValue(page), /Skriv til <a href="mailto:post@kommune\.no">post@kommune\.no<\/a>/);
        await page.click(`${area} a`);
        await page.click(toolbarButton('unlink'));
        assert.doesNotMatch(await bodyValue(page), /<a /);

        // Tabell: a 2x2 table with a header row, the caret in the first header cell
        await page.click(area);
        await page.keyboard.press('Control+End');
        await page.keyboard.press('Enter');
        await page.click(toolbarButton('table'));
        await page.keyboard.type('Kommune');
        const v = await bodyValue(page);
        assert.match(v, /<table>\s*<thead>\s*<tr><th scope="col">Kommune<\/th><th scope="col">Overskrift 2<\/th><\/tr>\s*<\/thead>\s*<tbody>\s*<tr><td><\/td><td><\/td><\/tr>\s*<\/tbody>\s*<\/table>/, v);
        assert.equal(page.url(), fixtureUrl, 'Enter in the dialog did not submit the form');
        assert.deepEqual(problems, []);
        await context.close();
    });

    test('Vis HTML switches to the textarea and back, both in sync', async () => {
        const { page, context, problems } = await openPage();
        await page.click(area);
        await page.keyboard.press('Control+End');
        await page.keyboard.type(' verden');
        await page.click(toolbarButton('source'));
        assert.equal(await page.getAttribute(toolbarButton('source'), 'aria-pressed'), 'true');
        assert.equal(await page.isVisible('#f-body'), true);
        assert.equal(await page.isVisible(area), false);
        assert.equal(await bodyValue(page), '<p>Hei verden</p>');
        assert.equal(await page.getAttribute(toolbarButton('bold'), 'aria-disabled'), 'true');
        await page.fill('#f-body', '<h2>Overskrift</h2>\n<p>Ny <b>tekst</b></p><script>alert(1)</script>');
        await page.click(toolbarButton('source'));
        assert.equal(await page.getAttribute(toolbarButton('source'), 'aria-pressed'), 'false');
        assert.equal(await page.isVisible('#f-body'), false);
        assert.equal(await page.$eval(area, (a) => a.innerHTML), '<h2>Overskrift</h2><p>Ny <strong>tekst</strong></p>');
        assert.equal(await bodyValue(page), '<h2>Overskrift</h2>\n<p>Ny <strong>tekst</strong></p>');
        assert.deepEqual(problems, []);
        await context.close();
    });

    test('unsaved changes: warns only when something changed', async () => {
        const { page, context } = await openPage();
        const fire = () => page.evaluate(() => {
            const e = new Event('beforeunload', { cancelable: true });
            window.dispatchEvent(e);
            return e.defaultPrevented;
        });
        assert.equal(await fire(), false, 'untouched');
        await page.click(area);
        await page.keyboard.press('Control+End');
        await page.keyboard.type('!');
        assert.equal(await fire(), true, 'after typing in the text');
        await page.keyboard.press('Backspace');
        assert.equal(await fire(), false, 'back to what was loaded');
        await page.fill('#f-summary', 'Endret ingress');
        assert.equal(await fire(), true, 'after changing another field');
        await page.evaluate(() => {
            const f = document.querySelector('form.editor-form');
            f.addEventListener('submit', (e) => e.preventDefault());   // stay on the page
            f.requestSubmit(f.querySelector('.actions button.primary'));
        });
        assert.equal(await fire(), true, 'a cancelled submit keeps the warning');
        await context.close();
    });

    test('axe-core finds no accessibility violations', { skip: !axePath && 'axe-core is not installed' }, async () => {
        const { page, context } = await openPage();
        await clearArea(page);
        await paste(page, PASTES.word);
        await page.addScriptTag({ path: axePath });
        const run = () => page.evaluate(async () => {
            const r = await window.axe.run(document, { resultTypes: ['violations'] });
            return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        });
        assert.deepEqual(await run(), []);
        await page.click(toolbarButton('link'));                // with the link dialog open
        await page.fill('#f-body-lenke', 'ftp://x');
        await page.keyboard.press('Enter');
        assert.deepEqual(await run(), []);
        await page.keyboard.press('Escape');
        await page.click(toolbarButton('source'));              // and in the HTML view
        assert.deepEqual(await run(), []);
        await context.close();
    });

    test('layout at 375 px and 1280 px (screenshots)', async (t) => {
        for (const width of [375, 1280]) {
            const { page, context, problems } = await openPage(fixtureUrl, { viewport: { width, height: 900 } });
            await clearArea(page);
            await paste(page, PASTES.word);
            await page.focus(area);
            await page.keyboard.press('Shift+Tab');               // keyboard focus on the toolbar: focus-visible
            const m = await page.evaluate(() => {
                const buttons = [...document.querySelectorAll('.rich-toolbar button')].map((b) => b.getBoundingClientRect());
                const area = document.querySelector('.rich-area').getBoundingClientRect();
                const primary = getComputedStyle(document.querySelector('.actions .primary'));
                return {
                    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
                    rows: new Set(buttons.map((r) => Math.round(r.top))).size,
                    small: buttons.filter((r) => r.width < 44 || r.height < 44).length,
                    right: Math.max(...buttons.map((r) => r.right)),
                    areaRight: area.right, areaHeight: area.height,
                    primary: [primary.color, primary.backgroundColor],
                };
            });
            assert.ok(m.overflow <= 0, `no horizontal scroll at ${width} px (overflow ${m.overflow})`);
            assert.equal(m.small, 0, 'no button under 44 x 44');
            assert.ok(m.right <= m.areaRight + 1, 'toolbar wraps inside the field');
            assert.ok(m.areaHeight >= 320, 'min-height 20rem');
            assert.deepEqual(m.primary, ['rgb(255, 255, 255)', 'rgb(0, 67, 79)']);
            if (width === 375) {
                assert.ok(m.rows > 1, 'toolbar wraps on a phone');
            }
            const file = path.join(shotDir, `editor-${width}.png`);
            await page.screenshot({ path: file, fullPage: true });
            t.diagnostic(`screenshot: ${file}`);
            assert.deepEqual(problems, []);
            await context.close();
        }
    });
});

// The fixture served over HTTP with the site's CSP: nothing may break it,
// and the form posts the cleaned body.
suite('editor.js under the site CSP, posting the form', () => {
    let server;
    let base;
    const posts = [];
    const uploads = [];             // the image uploads: raw multipart bodies
    const searches = [];            // what the image dialog asked the library for

    before(async () => {
        const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript' };
        server = http.createServer((req, res) => {
            const headers = { 'Content-Security-Policy': CSP, 'Cache-Control': 'no-store' };
            const url = new URL(req.url, 'http://127.0.0.1');
            if (url.pathname === '/favicon.ico') {
                res.writeHead(204, headers);
                res.end();
                return;
            }
            if (req.method === 'GET' && /^\/bilder\/[1-9][0-9]*(\/[0-9a-f]+\.[a-z]+)?$/.test(url.pathname)) {
                res.writeHead(200, { ...headers, 'Content-Type': 'image/png' });     // as GET /bilder/ID does
                res.end(PIXEL);
                return;
            }
            if (req.method === 'GET' && url.pathname === '/redigering/naeringsnettverket') {
                // the editor's image views, as the module answers them
                if (url.searchParams.get('vis') === 'bilder' && url.searchParams.get('format') === 'xml') {
                    searches.push(url.searchParams.get('q'));
                    res.writeHead(200, { ...headers, 'Content-Type': 'application/xml; charset=utf-8' });
                    res.end(libraryXml(url.searchParams.get('q')));
                    return;
                }
                if (url.searchParams.get('vis') === 'bilde') {
                    res.writeHead(200, { ...headers, 'Content-Type': types['.html'] });
                    res.end('<!DOCTYPE html><html lang="nb"><title>Bilde</title><p>Bildet er lastet opp.</p></html>');
                    return;
                }
            }
            if (req.method === 'POST' && url.pathname === '/redigering/naeringsnettverket'
                && /^multipart\/form-data/.test(req.headers['content-type'] || '')) {
                const chunks = [];
                req.on('data', (c) => chunks.push(c));
                req.on('end', () => {
                    const body = Buffer.concat(chunks).toString('latin1');
                    uploads.push(body);
                    if (/filename="feil[^"]*"/.test(body)) {
                        res.writeHead(415, { ...headers, 'Content-Type': types['.html'] });
                        res.end(REFUSED);
                        return;
                    }
                    res.writeHead(303, { ...headers,
                        Location: '/redigering/naeringsnettverket?vis=bilde&bilde=41&melding=bilde-lastet-opp' });
                    res.end();
                });
                return;
            }
            if (req.method === 'POST' && url.pathname === '/redigering/naeringsnettverket') {
                let body = '';
                req.setEncoding('utf8');
                req.on('data', (c) => { body += c; });
                req.on('end', () => {
                    posts.push(new URLSearchParams(body));
                    res.writeHead(200, { ...headers, 'Content-Type': types['.html'] });
                    res.end('<!DOCTYPE html><html lang="nb"><title>Lagret</title><p>Lagret</p></html>');
                });
                return;
            }
            const file = path.normalize(path.join(root, decodeURIComponent(url.pathname)));
            const allowed = [path.join(root, 'tests', 'browser', 'fixtures') + path.sep,
                path.join(root, 'xslt', 'ressurser') + path.sep];
            if (req.method !== 'GET' || !allowed.some((d) => file.startsWith(d)) || !fs.existsSync(file)) {
                res.writeHead(404, headers);
                res.end();
                return;
            }
            res.writeHead(200, { ...headers, 'Content-Type': types[path.extname(file)] || 'application/octet-stream' });
            if (url.searchParams.has('tekst') && file.endsWith('editor.html')) {
                // the page with another text in the field, as the server writes it
                const esc = url.searchParams.get('tekst').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
                res.end(fs.readFileSync(file, 'utf8').replace('&lt;p&gt;Hei&lt;/p&gt;', esc));
                return;
            }
            fs.createReadStream(file).pipe(res);
        });
        await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
        base = `http://127.0.0.1:${server.address().port}`;
    });
    after(async () => {
        await new Promise((ok) => server.close(ok));
    });

    async function openServed(options, text) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
        await context.addInitScript(() => {
            window.__csp = [];
            document.addEventListener('securitypolicyviolation', (e) => {
                window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
            });
        });
        const page = await context.newPage();
        const problems = [];
        page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
        page.on('pageerror', (e) => problems.push(e.message));
        await page.goto(`${base}/tests/browser/fixtures/editor.html${text ? `?tekst=${encodeURIComponent(text)}` : ''}`);
        return { page, context, problems };
    }

    test('editing, pasting and saving: no CSP violation, body posted clean', async (t) => {
        const { page, context, problems } = await openServed();
        assert.equal(await page.$$eval('.rich-toolbar', (t) => t.length), 1, 'script ran under the CSP');
        await clearArea(page);
        await paste(page, PASTES.gdocs);
        await page.keyboard.press('Control+End');
        await page.keyboard.press('Enter');
        await page.keyboard.type('Til slutt ');
        await page.keyboard.press('Control+b');
        await page.keyboard.type('viktig');
        await page.click(toolbarButton('table'));
        await page.keyboard.type('Kommune');
        // Chromium's insertHTML tries to add style spans of its own where
        // pasted text merges into a block of another style; the CSP blocks
        // them (style-src-attr), which is what we want.  Nothing else may
        // be blocked, and no style attribute may get into the text.
        const violations = await page.evaluate(() => window.__csp);
        const others = violations.filter((v) => !/^style-src-attr\s+inline/.test(v));
        assert.deepEqual(others, [], 'no CSP violation but the browser\'s own style spans');
        assert.equal(await page.$$eval(`${area} [style]`, (n) => n.length), 0, 'no style attribute in the text');
        const dialogs = [];
        page.on('dialog', async (d) => { dialogs.push(d.type()); await d.accept(); });
        await Promise.all([page.waitForURL(`${base}/redigering/naeringsnettverket`), page.click('.actions .primary')]);
        assert.deepEqual(dialogs, [], 'no "leave page?" warning when saving');
        assert.deepEqual(problems.filter((m) => !/^Applying inline style violates .*'style-src 'self''/.test(m)), []);
        if (violations.length) {
            t.diagnostic(`${violations.length} style-src-attr report(s) from Chromium's editing, blocked as intended`);
        }
        const posted = posts.at(-1);
        assert.equal(posted.get('handling'), 'lagre');
        assert.equal(posted.get('revision'), '5');
        assert.equal(posted.get('title'), 'Næringsnettverket');
        const body = posted.get('body');
        assertHas(body, EXPECT.gdocs, 'posted');
        assertHas(body, ['<p>Til slutt <strong>viktig</strong></p>', '<th scope="col">Kommune</th>'], 'posted');
        assertClean(body, 'posted');
        await context.close();
    });

    test('a text with images: shown in the region, kept through editing and saving', async () => {
        const stored = '<p>Før bildet</p><figure><img src="/bilder/12" alt="Kart over Agder"/>'
            + '<figcaption>Foto: Kommunen</figcaption></figure><p>Etter bildet</p>'
            + '<figure><img src="/bilder/3" alt="" role="presentation"/></figure>';
        const { page, context, problems } = await openServed({}, stored);
        await page.waitForFunction(() => [...document.querySelectorAll('#f-body-rik figure img')]
            .every((i) => i.complete && i.naturalWidth > 0));
        assert.equal(await page.$$eval(`${area} figure img`, (is) => is.length), 2, 'both images in the region');
        const figures = '<figure><img src="/bilder/12" alt="Kart over Agder"><figcaption>Foto: Kommunen</figcaption></figure>';
        const decorative = '<figure><img src="/bilder/3" alt="" role="presentation"></figure>';
        assert.match(await page.$eval(area, (a) => a.innerHTML),
            /^<p>Før bildet<\/p><figure[^>]*><img src="\/bilder\/12" alt="Kart over Agder"><figcaption>Foto: Kommunen<\/figcaption><\/figure>/);
        // typing elsewhere keeps them
        await page.click(`${area} p`);
        await page.keyboard.press('End');
        await page.keyboard.type(' og litt til');
        await Promise.all([page.waitForURL(`${base}/redigering/naeringsnettverket`), page.click('.actions .primary')]);
        assert.equal(posts.at(-1).get('body').replace(/\r\n/g, '\n'),      // a form posts CRLF
            `<p>Før bildet og litt til</p>\n${figures}\n<p>Etter bildet</p>\n${decorative}`);
        assert.deepEqual(problems, []);
        await context.close();
    });

    test('clean() takes the site\'s images by their absolute address on this origin, not another\'s', async () => {
        const { page, context } = await openServed();
        const out = await page.evaluate(() => [
            window.naeringEditor.clean(`<img src="${location.origin}/bilder/3/abc.jpg?w=1" alt="k">`),
            window.naeringEditor.clean(`<img src="${location.origin.toUpperCase()}/bilder/4" alt="k">`),
            window.naeringEditor.clean(`<p>a<img src="http://localhost:${location.port}/bilder/3" alt="k">b</p>`),
            window.naeringEditor.clean(`<p>a<img src="${location.origin}bilder/3" alt="k">b</p>`),
        ]);
        assert.deepEqual(out, ['<figure><img src="/bilder/3" alt="k"></figure>', '<figure><img src="/bilder/4" alt="k"></figure>',
            '<p>ab</p>', '<p>ab</p>']);
        await context.close();
    });

    const image = (name, type = 'image/png') => ({ name, mimeType: type, buffer: PIXEL });
    const dialogOpen = (page) => page.$eval('.rich-image', (d) => !d.hidden);

    test('Bilde: a toolbar button like the others; the dialog lists and searches the library, Escape closes', async () => {
        const { page, context, problems } = await openServed();
        await page.focus('#f-title');
        await page.keyboard.press('Tab');
        await page.keyboard.press('End');
        for (const want of ['redo', 'undo', 'lang', 'image']) {
            await page.keyboard.press('ArrowLeft');
            assert.equal(await focusedAction(page), want);
        }
        assert.equal(await page.getAttribute(toolbarButton('image'), 'title'), 'Sett inn bilde');
        await page.keyboard.press('Enter');
        assert.equal(await dialogOpen(page), true);
        assert.equal(await focusedAction(page), 'f-body-bilde-sok', 'focus moves into the dialog');
        assert.equal(await page.getAttribute('.rich-image', 'role'), 'dialog');
        assert.equal(await page.textContent('#' + await page.getAttribute('.rich-image', 'aria-labelledby')), 'Bilde');
        await page.waitForSelector('.rich-image-list li');
        const listed = await page.$$eval('.rich-image-list li', (lis) => lis.map((li) => ({
            radio: li.querySelector('input[type="radio"]').value,
            thumb: li.querySelector('img')?.getAttribute('src'),
            thumbAlt: li.querySelector('img')?.getAttribute('alt'),
            label: li.querySelector('label').textContent,
        })));
        assert.deepEqual(listed, [
            { radio: '7', thumb: '/bilder/7/aaa.jpg', thumbAlt: '', label: 'havn.jpgAlternativ tekst: Havna i Kristiansand' },
            { radio: '8', thumb: '/bilder/8/ccc.png', thumbAlt: '', label: 'strek.pngUten alternativ tekst (dekorativt)' },
        ]);
        assert.match(await page.textContent('.rich-image-status'), /2 bilder/);
        // the dialog's controls are not the page form's: nothing more is posted, nothing is "changed"
        assert.equal(await page.$$eval('.rich-image input, .rich-image button', (cs) => cs.filter((c) => c.form).length), 0);
        // search: Enter in the field asks with q=
        await page.fill('#f-body-bilde-sok', 'havn');
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => document.querySelectorAll('.rich-image-list li').length === 1);
        assert.equal(searches.at(-1), 'havn');
        assert.equal(page.url(), `${base}/tests/browser/fixtures/editor.html`, 'Enter did not submit the form');
        // arrow keys move between the choices (one tab stop)
        await page.fill('#f-body-bilde-sok', '');
        await page.click('.rich-image-search button');
        await page.waitForFunction(() => document.querySelectorAll('.rich-image-list li').length === 2);
        await page.focus('#f-body-bilde-valg-7');
        await page.keyboard.press('ArrowDown');
        assert.equal(await focusedAction(page), 'f-body-bilde-valg-8');
        assert.equal(await page.isChecked('#f-body-bilde-valg-8'), true);
        await page.keyboard.press('Escape');
        assert.equal(await dialogOpen(page), false);
        assert.equal(await focusedAction(page), 'f-body-rik', 'focus back in the text');
        assert.equal(await bodyValue(page), '<p>Hei</p>', 'nothing inserted');
        assert.deepEqual(problems, []);
        await context.close();
    });

    test('Bilde: inserts the chosen image as a block with alt text, decorative or captioned; no alt, no image', async () => {
        const { page, context, problems } = await openServed();
        await page.click(area);
        await page.keyboard.press('End');
        await page.click(toolbarButton('image'));
        await page.waitForSelector('#f-body-bilde-valg-7');
        // nothing chosen: the error beside the choices
        await page.click('.rich-image .primary');
        assert.match(await page.textContent('#f-body-bilde-valg-feil'), /Velg et bilde/);
        assert.equal(await focusedAction(page), 'f-body-bilde-valg-7');
        // chosen, but no alt text: the error beside the field, focus there, nothing inserted
        await page.check('#f-body-bilde-valg-7');
        assert.equal(await page.isVisible('#f-body-bilde-valg-feil'), false, 'a choice clears its error');
        assert.equal(await page.inputValue('#f-body-bilde-alt'), 'Havna i Kristiansand', 'the library\'s alt text');
        await page.fill('#f-body-bilde-alt', '   ');
        await page.keyboard.press('Enter');
        assert.equal(await dialogOpen(page), true);
        assert.equal(await page.textContent('#f-body-bilde-alt-feil'), 'Skriv en alternativ tekst, eller kryss av for «Dekorativt bilde».');
        assert.equal(await page.getAttribute('#f-body-bilde-alt', 'aria-invalid'), 'true');
        assert.match(await page.getAttribute('#f-body-bilde-alt', 'aria-describedby'), /f-body-bilde-alt-feil/);
        assert.equal(await focusedAction(page), 'f-body-bilde-alt');
        assert.equal(await page.$$eval(`${area} figure`, (f) => f.length), 0);
        assert.equal(await bodyValue(page), '<p>Hei</p>');
        // with alt text and a caption
        await page.fill('#f-body-bilde-alt', 'Havna  i Kristiansand en vinterdag ');
        await page.fill('#f-body-bilde-tekst', 'Foto: Kommunen');
        await page.click('.rich-image .primary');
        assert.equal(await dialogOpen(page), false);
        assert.equal(await focusedAction(page), 'f-body-rik');
        const fig7 = '<figure><img src="/bilder/7" alt="Havna i Kristiansand en vinterdag"><figcaption>Foto: Kommunen</figcaption></figure>';
        assert.equal(await bodyValue(page), `<p>Hei</p>\n${fig7}`);
        // the caret is in a paragraph after it: typing goes on below the image
        await page.keyboard.type('Etter');
        assert.equal(await bodyValue(page), `<p>Hei</p>\n${fig7}\n<p>Etter</p>`);
        // decorative: alt empty and the field disabled; inserted after the caret's block
        await page.click(`${area} p`);
        await page.click(toolbarButton('image'));
        await page.waitForSelector('#f-body-bilde-valg-8');
        await page.check('#f-body-bilde-valg-8');
        await page.fill('#f-body-bilde-alt', 'noe');
        await page.check('#f-body-bilde-dekorativ');
        assert.equal(await page.isDisabled('#f-body-bilde-alt'), true);
        assert.equal(await page.inputValue('#f-body-bilde-alt'), '');
        await page.click('.rich-image .primary');
        const fig8 = '<figure><img src="/bilder/8" alt="" role="presentation"></figure>';
        assert.equal(await bodyValue(page), `<p>Hei</p>\n${fig8}\n${fig7}\n<p>Etter</p>`);
        // the region shows each figure whole, as wide as the text at most
        const sizes = await page.$$eval(`${area} figure`, (fs) => fs.map((f) => ({
            editable: f.getAttribute('contenteditable'),
            fits: f.querySelector('img').getBoundingClientRect().width <= f.parentNode.getBoundingClientRect().width,
            maxWidth: getComputedStyle(f.querySelector('img')).maxWidth,
        })));
        assert.deepEqual(sizes, [{ editable: 'false', fits: true, maxWidth: '100%' }, { editable: 'false', fits: true, maxWidth: '100%' }]);
        assert.deepEqual(problems, []);
        await context.close();
    });

    test('Bilde: upload with a progress bar; the server\'s refusal beside the field; paste and drop bring a file', async () => {
        const { page, context, problems } = await openServed();
        await page.click(area);
        await page.keyboard.press('End');
        await page.click(toolbarButton('image'));
        // watch the progress bar while the upload runs
        await page.evaluate(() => {
            const bar = document.getElementById('f-body-bilde-fremdrift');
            window.__progress = [];
            new MutationObserver(() => window.__progress.push({ shown: !bar.parentNode.hidden, value: bar.value,
                text: document.getElementById('f-body-bilde-fremdrift-tekst').textContent }))
                .observe(bar.parentNode, { attributes: true, subtree: true, childList: true, characterData: true });
        });
        // a file that is not an image: refused at once
        await page.setInputFiles('#f-body-bilde-fil', { name: 'notat.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
        assert.match(await page.textContent('#f-body-bilde-fil-feil'), /kan ikke brukes som bilde/);
        // the server refuses: its words beside the file field, nothing inserted
        await page.setInputFiles('#f-body-bilde-fil', image('feil.png'));
        assert.equal(await page.isVisible('#f-body-bilde-fil-feil'), false);
        await page.fill('#f-body-bilde-alt', 'Kart');
        await page.click('.rich-image .primary');
        await page.waitForSelector('#f-body-bilde-fil-feil:not([hidden])');
        assert.equal(await page.textContent('#f-body-bilde-fil-feil'),
            'Denne filtypen kan ikke brukes som bilde. Tillatt er JPEG, PNG, WebP, HEIC og AVIF (ikke SVG eller GIF).');
        assert.equal(await page.getAttribute('#f-body-bilde-fil', 'aria-invalid'), 'true');
        assert.equal(await dialogOpen(page), true);
        assert.equal(await bodyValue(page), '<p>Hei</p>');
        assert.equal(await page.isVisible('.rich-image-progress'), false);
        // a good one: uploaded to the library alone, then inserted
        await page.setInputFiles('#f-body-bilde-fil', image('kart.png'));
        await page.fill('#f-body-bilde-tekst', 'Foto: Kartverket');
        await page.click('.rich-image .primary');
        await page.waitForFunction(() => document.querySelector('.rich-image').hidden);
        assert.equal(await bodyValue(page),
            '<p>Hei</p>\n<figure><img src="/bilder/41" alt="Kart"><figcaption>Foto: Kartverket</figcaption></figure>');
        const sent = uploads.at(-1);
        for (const [name, value] of [['csrf', 'bibliotek-csrf'], ['handling', 'last-opp-bilde'], ['bare-bibliotek', 'ja'],
            ['alt', 'Kart'], ['bildetekst', 'Foto: Kartverket']]) {
            assert.match(sent, new RegExp(`name="${name}"\r\n\r\n${value}\r\n`), `${name}=${value} in:\n${sent}`);
        }
        assert.match(sent, /name="fil1"; filename="kart.png"\r\nContent-Type: image\/png/);
        assert.doesNotMatch(sent, /name="dekorativ"/);
        const seen = await page.evaluate(() => window.__progress);
        assert.ok(seen.some((p) => p.shown && p.value === 100 && /^100 % \(.* av .* MB\)/.test(p.text)),
            `the progress bar showed 100 %: ${JSON.stringify(seen)}`);
        // pasting a picture (a screenshot) opens the dialog with it chosen
        await page.click(area);
        const pasted = await page.evaluate((bytes) => {
            const dt = new DataTransfer();
            dt.items.add(new File([new Uint8Array(bytes)], 'image.png', { type: 'image/png' }));
            const ev = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true });
            document.getElementById('f-body-rik').dispatchEvent(ev);
            return ev.defaultPrevented;
        }, [...PIXEL]);
        assert.equal(pasted, true);
        assert.equal(await dialogOpen(page), true);
        assert.equal(await page.$eval('#f-body-bilde-fil', (f) => f.files[0]?.name), 'image.png');
        assert.equal(await focusedAction(page), 'f-body-bilde-alt', 'next: the alt text');
        await page.keyboard.press('Escape');
        // a file dropped on the text, then another on the dialog
        const drop = (selector, name) => page.evaluate(([sel, n, bytes]) => {
            const target = document.querySelector(sel);
            const box = target.getBoundingClientRect();
            const dt = new DataTransfer();
            dt.items.add(new File([new Uint8Array(bytes)], n, { type: 'image/png' }));
            const at = { dataTransfer: dt, bubbles: true, cancelable: true, clientX: box.left + 10, clientY: box.top + 10 };
            const over = new DragEvent('dragover', at);
            target.dispatchEvent(over);
            const ev = new DragEvent('drop', at);
            target.dispatchEvent(ev);
            return [over.defaultPrevented, ev.defaultPrevented];
        }, [selector, name, [...PIXEL]]);
        assert.deepEqual(await drop(area, 'sluppet.png'), [true, true]);
        assert.equal(await dialogOpen(page), true);
        assert.equal(await page.$eval('#f-body-bilde-fil', (f) => f.files[0]?.name), 'sluppet.png');
        assert.deepEqual(await drop('.rich-image', 'annet.png'), [true, true]);
        assert.equal(await page.$eval('#f-body-bilde-fil', (f) => f.files[0]?.name), 'annet.png');
        await page.check('#f-body-bilde-dekorativ');
        await page.click('.rich-image .primary');
        await page.waitForFunction(() => document.querySelector('.rich-image').hidden);
        assert.match(uploads.at(-1), /name="dekorativ"\r\n\r\nja\r\n/);
        assert.match(uploads.at(-1), /name="alt"\r\n\r\n\r\n/);
        assert.match(await bodyValue(page), /<figure><img src="\/bilder\/41" alt="" role="presentation"><\/figure>/);
        // Chromium logs the refused upload's 415 itself
        assert.deepEqual(problems.filter((m) => !/status of 415/.test(m)), []);
        await context.close();
    });

    test('an image in the text is deleted whole with Backspace and Delete; a copied one is pasted as a block', async () => {
        const stored = '<p>Før</p><figure><img src="/bilder/12" alt="Kart"/></figure><p>Midt</p>'
            + '<figure><img src="/bilder/13" alt="Fyr"/></figure><p>Etter</p>';
        const { page, context, problems } = await openServed({}, stored);
        const caret = (text, atEnd) => page.evaluate(([t, end]) => {
            const p = [...document.querySelectorAll('#f-body-rik p')].find((x) => x.textContent === t);
            const r = document.createRange();
            r.selectNodeContents(p);
            r.collapse(!end);
            document.getElementById('f-body-rik').focus();
            getSelection().removeAllRanges();
            getSelection().addRange(r);
        }, [text, atEnd]);
        await caret('Midt', false);
        await page.keyboard.press('Backspace');
        assert.equal(await bodyValue(page), '<p>Før</p>\n<p>Midt</p>\n<figure><img src="/bilder/13" alt="Fyr"></figure>\n<p>Etter</p>');
        await caret('Midt', true);
        await page.keyboard.press('Delete');
        assert.equal(await bodyValue(page), '<p>Før</p>\n<p>Midt</p>\n<p>Etter</p>');
        // Backspace again joins the lines as usual
        await caret('Midt', false);
        await page.keyboard.press('Backspace');
        assert.equal(await bodyValue(page), '<p>FørMidt</p>\n<p>Etter</p>');
        // a figure copied from the public page, pasted into a line: a block of its own
        await caret('Etter', true);
        await paste(page, `<meta charset="utf-8"><figure class="image"><picture><source type="image/webp" srcset="${base}/bilder/7/bbb.webp 800w">`
            + `<img src="${base}/bilder/7/aaa.jpg" width="480" height="360" alt="Havna"></picture><figcaption>Foto</figcaption></figure>`);
        assert.equal(await bodyValue(page),
            '<p>FørMidt</p>\n<p>Etter</p>\n<figure><img src="/bilder/7" alt="Havna"><figcaption>Foto</figcaption></figure>');
        assert.equal(await page.$$eval(`${area} :is(p, h2, h3, li) img`, (n) => n.length), 0, 'no image inside a line');
        // Chromium's own style span for the pasted image is blocked by the CSP, as intended
        assert.deepEqual(problems.filter((m) => !/^Applying inline style violates .*'style-src 'self''/.test(m)), []);
        await context.close();
    });

    test('leaving with unsaved changes asks first', async () => {
        const { page, context } = await openServed();
        await page.click(area);
        await page.keyboard.type('Endring ');
        const dialog = new Promise((ok) => page.once('dialog', async (d) => {
            await d.accept();                           // leave: the page closes
            ok(d.type());
        }));
        await page.close({ runBeforeUnload: true });
        assert.equal(await dialog, 'beforeunload');
        await context.close();
    });

    test('without JavaScript the textarea is the field and the form posts it', async () => {
        const { page, context, problems } = await openServed({ javaScriptEnabled: false });
        assert.equal(await page.isVisible('#f-body'), true);
        assert.equal(await page.isVisible('.rich'), false);
        await page.fill('#f-body', '<p>Uten <b>skript</b></p>');
        await Promise.all([page.waitForURL(`${base}/redigering/naeringsnettverket`), page.click('.actions .primary')]);
        assert.equal(posts.at(-1).get('body'), '<p>Uten <b>skript</b></p>');
        assert.deepEqual(problems, []);
        await context.close();
    });
});
