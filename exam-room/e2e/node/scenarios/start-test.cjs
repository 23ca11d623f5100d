'use strict';
// An examiner starts a test: the candidate's badge goes from Waiting to "In Progress – Part 1" within 1 s, and the
// countdowns on both pages agree within 1 s (with the server too), although the candidate's clock is 10 minutes off.
const {
  assert, params, log, ask, waitUntil, step, scenarioMain, text, openCandidateSession, openExaminerSession, countdown,
  seconds,
} = require('../lib/e2e.cjs');

const { sessionId, title, clockOffsetMs } = params;

/** Both pages' countdowns at (nearly) the same moment, and the server's own remaining time. */
async function compare(examiner, candidate, mode) {
  const [e, c] = await Promise.all([countdown(examiner.page), countdown(candidate.page)]);
  const server = (await ask('session', { id: sessionId })).timer;
  const serverMs = mode === 'start' ? server.msToStart : server.remainingMs;
  log(`countdowns (${mode}): examiner ${e.text} (${e.remainingMs} ms), candidate ${c.text} (${c.remainingMs} ms), `
    + `server ${serverMs} ms`);
  assert.equal(e.mode, mode, `examiner's countdown mode: ${JSON.stringify(e)}`);
  assert.equal(c.mode, mode, `candidate's countdown mode: ${JSON.stringify(c)}`);
  assert.ok(Math.abs(e.remainingMs - c.remainingMs) <= 1000,
    `the pages disagree by more than 1 s: examiner ${e.remainingMs} ms, candidate ${c.remainingMs} ms`);
  assert.ok(Math.abs(seconds(e.text) - seconds(c.text)) <= 1, `shown: ${e.text} vs ${c.text}`);
  // the server was asked after the pages were read, so its value may be a little lower
  for (const [who, v] of [['examiner', e], ['candidate', c]]) {
    assert.ok(v.remainingMs - serverMs >= -300 && v.remainingMs - serverMs <= 1000,
      `${who}'s countdown ${v.remainingMs} ms is not within 1 s of the server's ${serverMs} ms`);
  }
  return { examinerMs: e.remainingMs, candidateMs: c.remainingMs };
}

scenarioMain(async (run) => {
  const examiner = await run.user('examiner', { baseURL: params.appUrl, username: 'examiner',
    password: params.passwords.examiner });
  const candidate = await run.user('candidate', { baseURL: params.candidateUrl, username: 'candidate1',
    password: params.passwords.candidate1, clockOffsetMs });

  await step('the candidate\'s clock is 10 minutes ahead', async () => {
    const [now, constructed] = await candidate.page.evaluate(() => [Date.now(), new Date().getTime()]);
    const skew = now - Date.now();
    log(`candidate's Date.now() is ${skew} ms ahead`);
    assert.ok(Math.abs(skew - clockOffsetMs) < 5000, `Date.now() skew ${skew}`);
    assert.ok(Math.abs(constructed - Date.now() - clockOffsetMs) < 5000, 'new Date() is not shifted');
  });

  await step('both open the session; it is Waiting', async () => {
    await openCandidateSession(candidate.page, sessionId, title);
    await openExaminerSession(examiner.page, sessionId, title);
    for (const u of [candidate, examiner]) {
      await waitUntil(`${u.name}'s badge to say Waiting`, () => text(u.page, 'status-badge'), (t) => t === 'Waiting');
    }
  });

  const before = await step('before the start both count down to it alike', async () => {
    await waitUntil('both countdowns to count down to the start', () => Promise.all([countdown(examiner.page),
      countdown(candidate.page)]), (v) => v.every((c) => c && c.mode === 'start'));
    return compare(examiner, candidate, 'start');
  });

  const elapsedMs = await step('the examiner starts: the candidate\'s badge changes within 1 s', async () => {
    const changed = candidate.page.waitForFunction(
      () => document.querySelector('[data-testid=status-badge]')?.textContent === 'In Progress – Part 1',
      null, { timeout: 5000, polling: 10 });
    const start = examiner.page.getByTestId('examiner-start');
    await start.waitFor();
    assert.equal(await text(candidate.page, 'status-badge'), 'Waiting');
    const t0 = Date.now();
    await start.click();
    await changed;
    const elapsed = Date.now() - t0;
    log(`the candidate's badge changed ${elapsed} ms after the examiner's click`);
    assert.ok(elapsed <= 1000, `the candidate's badge took ${elapsed} ms (more than 1 s)`);
    await waitUntil('the examiner to see the start acknowledged', () => text(examiner.page, 'control-result'),
      (t) => t === 'Test started.');
    assert.equal(await text(examiner.page, 'status-badge'), 'In Progress – Part 1');
    return elapsed;
  });

  const during = await step('during Part 1 both count down alike, and keep doing so', async () => {
    await waitUntil('both part timers to run', () => Promise.all([countdown(examiner.page), countdown(candidate.page)]),
      (v) => v.every((c) => c && c.mode === 'part' && c.running === 'true'));
    const first = await compare(examiner, candidate, 'part');
    // a few seconds later (the candidate's display has moved on by 3 s), still in step
    await waitUntil('the candidate\'s countdown to move on by 3 s', () => countdown(candidate.page),
      (c) => c.remainingMs <= first.candidateMs - 3000, { timeout: 6000 });
    const second = await compare(examiner, candidate, 'part');
    return [first, second];
  });

  return { badgeChangeMs: elapsedMs, before, during };
});
