// What both browser suites need: Debian's Chromium driven by
// playwright-core, axe-core, and why they are skipped when one is missing.
import { createRequire } from 'node:module';
import fs from 'node:fs';

const require = createRequire(import.meta.url);

export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

let pw = null;
let why = false;
if (!fs.existsSync(chromiumPath)) {
    why = `Chromium not found at ${chromiumPath} (apt-get install chromium, or set CHROMIUM)`;
} else {
    try {
        pw = require('playwright-core');
    } catch {
        why = 'playwright-core is not installed (tests/browser/run installs it, or: cd tests/browser && npm install)';
    }
}
export const playwright = pw;
// false, or the reason every test of a suite is skipped.
export const skip = why;

let axe = null;
try {
    axe = require.resolve('axe-core/axe.min.js');
} catch {
    axe = null;
}
// The path of axe-core's script, or null when it is not installed.
export const axePath = axe;

const LAUNCH = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'];

// launch() gives Chromium a fresh, temporary user-data-dir of its own and
// removes it on close (it refuses --user-data-dir here).
export function launch() {
    return playwright.chromium.launch({ executablePath: chromiumPath, args: LAUNCH });
}
