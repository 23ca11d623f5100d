'use strict';
// A test whose time ran out while nobody was connected (the harness moved the test clock past its end before anyone
// opened a page) is Completed when anyone looks next: the candidate and the examiner both see it ended.
const {
  assert, params, log, waitUntil, step, scenarioMain, text, openCandidateSession, openExaminerSession, countdown,
} = require('../lib/e2e.cjs');

const { sessionId, title } = params;

const sessionLog = (page) => page.locator('[data-testid=session-events] li').allTextContents();

scenarioMain(async (run) => {
  const candidate = await run.user('candidate', { baseURL: params.candidateUrl, username: 'candidate1',
    password: params.passwords.candidate1 });

  const seen = await step('the candidate looks: Completed, the test has ended', async () => {
    await openCandidateSession(candidate.page, sessionId, title);
    await waitUntil('the candidate\'s badge', () => text(candidate.page, 'status-badge'), (t) => t === 'Completed');
    await waitUntil('the end notice', () => candidate.page.locator('.ended').textContent({ timeout: 1000 }),
      (t) => t === 'The test has ended (Completed).');
    const c = await countdown(candidate.page);
    assert.equal(c.running, 'false', `the countdown still runs: ${JSON.stringify(c)}`);
    // the whole test happened, in order, while nobody watched
    const events = await waitUntil('the session log', () => sessionLog(candidate.page),
      (l) => l.some((t) => t.includes('Test ended: Completed')));
    log(`the candidate's session log: ${JSON.stringify(events)}`);
    const order = ['Test started: In Progress – Part 1', 'Status: In Progress – Part 2 (preparation) (by',
      'Status: In Progress – Part 2 (by', 'Status: In Progress – Part 3 (by', 'Status: Completed (by',
      'Test ended: Completed'];
    const at = order.map((o) => events.findIndex((t) => t.includes(o)));
    assert.ok(at.every((i, k) => i >= 0 && (k === 0 || i > at[k - 1])), `log order ${JSON.stringify(at)}`);
    assert.equal(await candidate.page.getByTestId('recorder-start').isDisabled(), true, 'recording is still offered');
    return events.length;
  });

  await step('the examiner looks: Completed too', async () => {
    const examiner = await run.user('examiner', { baseURL: params.appUrl, username: 'examiner',
      password: params.passwords.examiner });
    const item = examiner.page.locator(`[data-testid=session-item][data-session-id="${sessionId}"]`);
    await waitUntil('the examiner\'s list', () => item.getAttribute('data-status', { timeout: 5000 }),
      (s) => s === 'Completed');
    await openExaminerSession(examiner.page, sessionId, title);
    await waitUntil('the examiner\'s badge', () => text(examiner.page, 'status-badge'), (t) => t === 'Completed');
    assert.equal(await examiner.page.getByTestId('examiner-start').isDisabled(), true);
    assert.equal(await examiner.page.getByTestId('examiner-abort').isDisabled(), true);
  });

  return { logEntries: seen };
});
