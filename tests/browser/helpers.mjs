// What the browser test files share: the editor's login, the WCAG tags
// axe runs with, axe itself, a form submission that waits for its page.
//
//   import { EDITOR, TIMEOUT, skipAxe, navigate, runAxe } from './helpers.mjs';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { axePath, skip } from './chromium.mjs';

export const axeSource = axePath && fs.readFileSync(axePath, 'utf8');
export const skipAxe = skip || (!axeSource && 'axe-core is not installed (cd tests/browser && npm install)');
export const EDITOR = { username: 'redaktor', password: 'redaktor' };
export const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
export const TIMEOUT = 180000;

/** Runs a form submission (click, Enter, ...) and waits for the new page. */
export async function navigate(page, action) {
    const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), action()]);
    return response;
}

/** axe-core with the WCAG 2.0/2.1 A and AA rules; fails listing each violation. */
export async function runAxe(page, label) {
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async (tags) => {
        const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
        return r.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
            targets: v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? `\n        ${n.failureSummary.replace(/\n/g, '\n        ')}` : ''}`),
        }));
    }, WCAG);
    const text = violations.map((v) => `  ${v.id} (${v.impact}): ${v.help}\n    ${v.helpUrl}\n    - ${v.targets.join('\n    - ')}`)
        .join('\n');
    assert.equal(violations.length, 0, `axe: ${violations.length} violation(s) on ${label} (${page.url()}):\n${text}`);
}
