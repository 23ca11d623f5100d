'use strict';
// Opens one page in Debian's headless Chromium with playwright-core and reports what the page found.
//
//   node browser.cjs <page url> [screenshot.png]
//
// The page must set window.parleyResult = {done: true, ...} when it has finished; this script then prints one JSON
// line on stdout: {"result": <window.parleyResult>, "text": {<element id>: <text>}, "requests": [urls],
// "failures": ["<status or error> <url>"], "consoleErrors": [messages]} and exits 0. Any failure goes to stderr with exit code 1.
//
// It never downloads a browser: it launches /usr/bin/chromium (or $PARLEY_CHROMIUM) with a fresh user data
// directory, removed at the end.

const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.PARLEY_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TIMEOUT_MS = 20000;

async function main() {
  const [url, screenshot] = process.argv.slice(2);
  if (!url) {
    throw new Error('usage: node browser.cjs <page url> [screenshot.png]');
  }
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium chromium-driver`);
  }
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      timeout: TIMEOUT_MS,
    });
    const page = context.pages()[0] || await context.newPage();
    const requests = [];
    const consoleErrors = [];
    const failures = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('response', (response) => {
      if (response.status() >= 400) {
        failures.push(`${response.status()} ${response.url()}`);
      }
    });
    page.on('requestfailed', (request) => failures.push(`${request.failure().errorText} ${request.url()}`));
    page.on('console', (message) => {
      if (message.type() === 'error') {
        consoleErrors.push(message.text());
      }
    });
    page.on('pageerror', (error) => consoleErrors.push(String(error)));

    await page.goto(url, { timeout: TIMEOUT_MS });
    try {
      await page.waitForFunction(() => window.parleyResult && window.parleyResult.done, null,
        { timeout: TIMEOUT_MS });
    } catch (e) {
      const partial = await page.evaluate(() => window.parleyResult).catch(() => undefined);
      throw new Error(`the page did not finish: ${e.message}; result so far: ${JSON.stringify(partial)}; `
        + `console errors: ${JSON.stringify(consoleErrors)}`);
    }
    const result = await page.evaluate(() => window.parleyResult);
    const text = await page.evaluate(() => Object.fromEntries(
      Array.from(document.querySelectorAll('[id]')).map((e) => [e.id, e.textContent])));
    if (screenshot) {
      await page.screenshot({ path: screenshot });
    }
    process.stdout.write(JSON.stringify({ result, text, requests, failures, consoleErrors }) + '\n');
  } finally {
    if (context) {
      await context.close().catch(() => {});
    }
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (error) => {
  process.stderr.write(String((error && error.stack) || error) + '\n');
  process.exit(1);
});
