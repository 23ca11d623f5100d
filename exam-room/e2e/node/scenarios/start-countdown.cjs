'use strict';
// "Test starting in 2 minutes" shows between T−125 s and T−115 s, T being the scheduled start; the server's test
// clock is moved to each moment. Both the candidate and the examiner see it.
const {
  assert, params, ask, waitUntil, holdsFor, step, scenarioMain, openCandidateSession, openExaminerSession, countdown,
} = require('../lib/e2e.cjs');

const { sessionId, title, scheduledAt } = params;
const startCountdown = (page) => page.evaluate(() =>
  document.querySelector('[data-testid=start-countdown]')?.textContent ?? null);

scenarioMain(async (run) => {
  const candidate = await run.user('candidate', { baseURL: params.candidateUrl, username: 'candidate1',
    password: params.passwords.candidate1 });
  const examiner = await run.user('examiner', { baseURL: params.appUrl, username: 'examiner',
    password: params.passwords.examiner });
  const pages = [candidate, examiner];

  await step('both open the session; no countdown notice yet', async () => {
    await openCandidateSession(candidate.page, sessionId, title);
    await openExaminerSession(examiner.page, sessionId, title);
    for (const u of pages) assert.equal(await startCountdown(u.page), null, `${u.name} shows a notice already`);
  });

  await step('at T−299 s both see "Test starting in 5 minutes"', async () => {
    await ask('advanceClockTo', { serverTime: scheduledAt - 299_000 });
    for (const u of pages) {
      await waitUntil(`${u.name} to show the 5-minute notice`, () => startCountdown(u.page),
        (t) => t === 'Test starting in 5 minutes', { timeout: 2000 });
    }
  });

  await step('at T−125 s the 2-minute notice has not come (watched for 1 s)', async () => {
    await ask('advanceClockTo', { serverTime: scheduledAt - 125_000 });
    await holdsFor('no 2-minute notice before T−124 s', 1000,
      () => Promise.all(pages.map((u) => startCountdown(u.page))),
      (texts) => texts.every((t) => t === 'Test starting in 5 minutes'));
  });

  return step('at T−116.5 s both see "Test starting in 2 minutes" before T−115 s', async () => {
    const { serverTime } = await ask('advanceClockTo', { serverTime: scheduledAt - 116_500 });
    const t0 = Date.now();
    for (const u of pages) {
      await waitUntil(`${u.name} to show the 2-minute notice`, () => startCountdown(u.page),
        (t) => t === 'Test starting in 2 minutes', { timeout: 1500 - (Date.now() - t0) });
    }
    const shownAt = serverTime + (Date.now() - t0);
    assert.ok(shownAt <= scheduledAt - 115_000, `shown at T${(shownAt - scheduledAt) / 1000} s`);
    // the time to the start, as the page counts it, is the server's
    const c = await countdown(candidate.page);
    assert.equal(c.mode, 'start');
    assert.ok(c.remainingMs >= 113_000 && c.remainingMs <= 117_000, `candidate's time to start: ${JSON.stringify(c)}`);
    return { shownAtSecondsBeforeStart: (scheduledAt - shownAt) / 1000, candidateCountdown: c.text };
  });
});
