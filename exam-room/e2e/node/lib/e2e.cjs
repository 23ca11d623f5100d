'use strict';
// The scenarios' toolkit: Debian's Chromium through playwright-core, users signed in through the UI in their own
// browser contexts, polling waits with deadlines, and the line protocol to the JUnit harness.
//
// Protocol (one JSON object a line):
//   script -> harness, on stdout:  @@e2e-request {"id": 1, "op": "cutNetwork", "args": {"ms": 10000}}
//   harness -> script, on stdin:   {"id": 1, "ok": true, "result": {...}}  or  {"id": 1, "ok": false, "error": "..."}
//   script -> harness, at the end: @@e2e-result {...}   (values the JUnit test checks on its side)
// Every other line is the scenario's log, shown when the test fails. Exit code 0 means the scenario passed.
//
// It never downloads a browser: it launches /usr/bin/chromium (or $PARLEY_CHROMIUM). Playwright gives the browser a
// fresh temporary profile directory under $TMPDIR (the harness points TMPDIR at the test's temporary directory).

const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const readline = require('readline');
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.PARLEY_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
  // several pages run side by side: none of them may be throttled as a background tab
  '--disable-background-timer-throttling', '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows'];

const params = JSON.parse(process.env.PARLEY_E2E_PARAMS || '{}');
const scenario = path.basename(process.argv[1] || 'scenario', '.cjs');
const startedAt = Date.now();

function log(...parts) {
  const t = ((Date.now() - startedAt) / 1000).toFixed(3).padStart(8);
  process.stdout.write(`[${t}s] ${parts.join(' ')}\n`);
}

// ---- the line protocol ----

let nextRequestId = 1;
const pending = new Map();
const stdin = readline.createInterface({ input: process.stdin });
stdin.on('line', (line) => {
  let message;
  try {
    message = JSON.parse(line);
  } catch (e) {
    log('harness sent a line that is not JSON:', line);
    return;
  }
  const waiter = pending.get(message.id);
  if (!waiter) return;
  pending.delete(message.id);
  if (message.ok) waiter.resolve(message.result);
  else waiter.reject(new Error(`harness could not ${waiter.op}: ${message.error}`));
});

/** Asks the JUnit harness to act (move the clock, cut the network, restart the server...) and waits for its answer. */
function ask(op, args = {}, timeoutMs = 120_000) {
  const id = nextRequestId++;
  log(`-> harness: ${op} ${JSON.stringify(args)}`);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error(`the harness did not answer ${op} within ${timeoutMs} ms`));
    }, timeoutMs);
    pending.set(id, {
      op,
      resolve: (v) => {
        clearTimeout(timer);
        const shown = JSON.stringify(v) ?? '';
        log(`<- harness: ${op} ${shown.length > 300 ? `${shown.slice(0, 300)}…` : shown}`);
        resolve(v);
      },
      reject: (e) => {
        clearTimeout(timer);
        reject(e);
      },
    });
    process.stdout.write(`@@e2e-request ${JSON.stringify({ id, op, args })}\n`);
  });
}

// ---- waiting ----

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `probe` until `check(value)` holds; fails after `timeout` ms with `what` and the last value seen. Returns the
 * value that passed.
 */
async function waitUntil(what, probe, check = Boolean, { timeout = 10_000, interval = 50 } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  let lastError;
  for (;;) {
    try {
      last = await probe();
      lastError = undefined;
      if (check(last)) return last;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}; last seen: ${JSON.stringify(last)}`
        + (lastError ? `; last error: ${lastError.message}` : ''));
    }
    await sleep(interval);
  }
}

/** Checks that `check(probe())` holds the whole time for `ms` (an observation window, not a synchronisation). */
async function holdsFor(what, ms, probe, check, interval = 50) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (!check(value)) throw new Error(`${what} did not hold: saw ${JSON.stringify(value)}`);
    if (Date.now() >= end) return value;
    await sleep(interval);
  }
}

/** Runs one named step of the scenario, logging it; a failure names the step. */
async function step(name, fn) {
  log(`STEP ${name}`);
  const t0 = Date.now();
  try {
    const value = await fn();
    log(`  ok (${Date.now() - t0} ms)`);
    return value;
  } catch (e) {
    e.message = `step "${name}": ${e.message}`;
    throw e;
  }
}

// ---- the browser and its users ----

/** Replaces Date in a page so that its wall clock runs `offsetMs` ahead; performance.now() is left alone. */
function shiftedClockScript(offsetMs) {
  const RealDate = Date;
  function ShiftedDate(...args) {
    if (!new.target) return new RealDate(RealDate.now() + offsetMs).toString();
    return args.length === 0 ? new RealDate(RealDate.now() + offsetMs) : new RealDate(...args);
  }
  ShiftedDate.prototype = RealDate.prototype;
  ShiftedDate.now = () => RealDate.now() + offsetMs;
  ShiftedDate.parse = RealDate.parse;
  ShiftedDate.UTC = RealDate.UTC;
  globalThis.Date = ShiftedDate;
}

class Run {
  constructor(browser) {
    this.browser = browser;
    this.users = [];
    this.problems = [];
  }

  /**
   * A person in their own browser context: opens /login at `baseURL` and signs in through the form (unless
   * `signIn: false`). `clockOffsetMs` moves the page's Date; `prepare(context)` runs before the first page opens.
   */
  async user(name, { baseURL, username, password, clockOffsetMs = 0, signIn = true, prepare } = {}) {
    const context = await this.browser.newContext({ baseURL, viewport: { width: 1280, height: 1000 } });
    if (clockOffsetMs) await context.addInitScript(shiftedClockScript, clockOffsetMs);
    if (prepare) await prepare(context);
    const page = await context.newPage();
    const user = this.watch(name, context, page);
    await page.goto('/login');
    if (signIn) {
      await page.getByTestId('login-username').fill(username);
      await page.getByTestId('login-password').fill(password);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('current-user').waitFor({ timeout: 10_000 });
      log(`${name} signed in as ${username} at ${baseURL}`);
    }
    return user;
  }

  /**
   * Another tab of `user` (the same browser context: signed in by the refresh cookie), watched like the first one;
   * it opens `path` if given.
   */
  async tab(user, name, path) {
    const page = await user.context.newPage();
    const tab = this.watch(name, user.context, page);
    if (path) await page.goto(path);
    return tab;
  }

  /**
   * Watches a page: console errors, uncaught errors and dialogs (any alert/confirm/prompt fails the scenario: no page
   * of the app opens one, so one means injected script ran), responses, and the Socket.IO traffic: `socketIn` (what
   * the server sent, by WebSocket frame or long-polling response), `framesIn` / `framesOut` (each Engine.IO packet
   * either way, over WebSocket or long-polling, `{t, payload, conn, transport}`: `t` when Playwright saw it, `conn`
   * the Engine.IO session id, so acknowledgement ids, which restart with every connection, can be matched).
   */
  watch(name, context, page) {
    const user = { name, context, page, consoleErrors: [], responses: [], socketIn: [], framesIn: [], framesOut: [],
      dialogs: [] };
    const sidOf = (url) => new URL(url).searchParams.get('sid');
    const openSid = (payload) => {
      if (!payload.startsWith('0{')) return null;
      try {
        return JSON.parse(payload.slice(1)).sid ?? null;
      } catch {
        return null;
      }
    };
    page.on('websocket', (ws) => {
      // an upgrade names its session; a socket opened directly learns it from the open packet
      let conn = sidOf(ws.url());
      ws.on('framereceived', (f) => {
        const payload = String(f.payload);
        conn = conn ?? openSid(payload);
        user.socketIn.push(payload);
        user.framesIn.push({ t: Date.now(), payload, conn, transport: 'websocket' });
      });
      ws.on('framesent', (f) => user.framesOut.push({ t: Date.now(), payload: String(f.payload), conn,
        transport: 'websocket' }));
    });
    page.on('request', (r) => {
      if (!r.url().includes('/socket.io/') || r.method() !== 'POST') return;
      const t = Date.now();
      for (const payload of (r.postData() ?? '').split('\x1e')) {
        if (payload) user.framesOut.push({ t, payload, conn: sidOf(r.url()), transport: 'polling' });
      }
    });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') user.consoleErrors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => {
      user.consoleErrors.push(`pageerror: ${e.message}`);
      this.problems.push(`${name}: uncaught ${e.message}`);
    });
    page.on('dialog', (d) => {
      user.dialogs.push(`${d.type()}: ${d.message()}`);
      this.problems.push(`${name}: a ${d.type()} dialog opened ("${d.message()}")`);
      d.dismiss().catch(() => undefined);
    });
    page.on('response', (r) => {
      user.responses.push({ status: r.status(), url: r.url(), method: r.request().method() });
      if (r.url().includes('/socket.io/') && r.request().method() === 'GET') {
        r.text().then((body) => {
          user.socketIn.push(body);
          const t = Date.now();
          for (const payload of body.split('\x1e')) {
            if (payload) {
              user.framesIn.push({ t, payload, conn: sidOf(r.url()) ?? openSid(payload), transport: 'polling' });
            }
          }
        }, () => undefined);
      }
    });
    this.users.push(user);
    return user;
  }

  async artifacts() {
    const dir = params.artifactsDir;
    if (!dir) return;
    fs.mkdirSync(dir, { recursive: true });
    for (const u of this.users) {
      if (u.page.isClosed()) continue;
      try {
        await u.page.screenshot({ path: path.join(dir, `${scenario}-${u.name}.png`), fullPage: true, timeout: 5000 });
        const banner = await u.page.getByTestId('connection-banner').textContent({ timeout: 1000 }).catch(() => '?');
        log(`${u.name} at ${u.page.url()}; banner: ${banner}`);
        if (u.consoleErrors.length) log(`${u.name} console: ${u.consoleErrors.slice(-20).join(' | ')}`);
      } catch (e) {
        log(`no screenshot of ${u.name}: ${e.message}`);
      }
    }
  }
}

/** Runs a scenario: launches Chromium, calls `fn(run)`, reports, always closes the browser. */
function scenarioMain(fn) {
  (async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
    }
    log(`scenario ${scenario} with ${JSON.stringify(params)}`);
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS, timeout: 30_000 });
    const run = new Run(browser);
    try {
      const result = await fn(run);
      assert.deepEqual(run.problems, [], 'uncaught errors in the pages');
      process.stdout.write(`@@e2e-result ${JSON.stringify(result ?? {})}\n`);
      log('scenario passed');
    } catch (e) {
      await run.artifacts();
      throw e;
    } finally {
      await browser.close().catch((e) => log(`closing the browser: ${e.message}`));
    }
  })().then(() => process.exit(0), (error) => {
    process.stderr.write(`SCENARIO FAILED: ${(error && error.stack) || error}\n`);
    process.exit(1);
  });
}

// ---- the exam room's pages ----

const text = async (page, testId) => (await page.getByTestId(testId).first().textContent({ timeout: 2000 }))?.trim();

/** The candidate's test page with session `sessionId` shown (picked in the list when they have several). */
async function openCandidateSession(page, sessionId, title) {
  if (!page.url().endsWith('/candidate')) await page.goto('/candidate');
  await page.getByTestId('status-badge').waitFor({ timeout: 10_000 });
  if (await page.getByTestId('session-select').count()) {
    await page.getByTestId('session-select').selectOption(String(sessionId));
  }
  await waitUntil(`the candidate's page to show "${title}"`, () => page.locator('.session-header h1').textContent(),
    (t) => t === title);
}

/** The examiner's console with session `sessionId` opened from the session list. */
async function openExaminerSession(page, sessionId, title) {
  if (!page.url().includes('/examiner')) await page.goto('/examiner');
  const item = page.locator(`[data-testid=session-item][data-session-id="${sessionId}"]`);
  await item.getByTestId('session-open').click({ timeout: 10_000 });
  await waitUntil(`the examiner's page to show "${title}"`, () => page.locator('.session-header h1').textContent(),
    (t) => t === title);
}

/** The countdown as the page shows it now: mode, remaining ms, text. */
async function countdown(page) {
  return page.evaluate(() => {
    const el = document.querySelector('[data-testid=countdown]');
    if (!el) return null;
    return { mode: el.dataset.mode ?? null, running: el.dataset.running, remainingMs: el.dataset.remainingMs === undefined
      ? null : Number(el.dataset.remainingMs), text: el.textContent };
  });
}

/** "4:59" → 299 s. */
function seconds(mmss) {
  const m = /^(\d+):(\d\d)$/.exec(mmss ?? '');
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
}

/** Waits for the answer to a join_session of `sessionId` among what the server sent `user` after `mark`. */
async function joinAnswered(user, sessionId, mark, timeout = 10_000) {
  return waitUntil(`the join_session answer for ${user.name}`, async () => user.socketIn.slice(mark)
    .find((m) => m.includes('"events":[') && m.includes(`"session":{"id":"${sessionId}"`)), Boolean, { timeout });
}

/** Resolves once the page has handled what it had received and rendered twice (two animation frames). */
const rendered = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/** The connection banner's data-state. */
const bannerState = (page) => page.getByTestId('connection-banner').getAttribute('data-state', { timeout: 2000 });

/** The texts of the admin messages listed, in page order, with their seq. */
async function adminMessages(page) {
  return page.locator('[data-testid=admin-messages] li').evaluateAll((items) => items.map((li) => ({
    seq: li.dataset.seq === undefined ? null : Number(li.dataset.seq),
    text: li.querySelector('.message-text')?.textContent ?? '',
  })));
}

module.exports = {
  assert, params, log, ask, sleep, waitUntil, holdsFor, step, scenarioMain, text, openCandidateSession,
  openExaminerSession, countdown, seconds, bannerState, adminMessages, joinAnswered, rendered,
};
