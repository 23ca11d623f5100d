'use strict';
// With the candidate's Socket.IO blocked (a proxy that breaks WebSocket and long-polling, /api still passing), a
// critical alert from the admin still reaches the candidate, through the REST fallback's polling of /api/alerts:
// the broadcast notice and a critical message to the candidate's session. Once the socket is back, each shows once.
const {
  assert, params, log, ask, waitUntil, step, scenarioMain, openCandidateSession, bannerState, adminMessages,
} = require('../lib/e2e.cjs');

const { sessionId, title } = params;
const NOTICE = 'Fire alarm test at 10:30: please stay in the room';
const MESSAGE = 'Critical: your examiner will call you by phone';

const criticalNotices = (page) => page.locator('[data-testid=critical-notice-text]').allTextContents();
const alertPolls = (user) => user.responses.filter((r) => r.url.includes('/api/alerts') && r.status === 200).length;

scenarioMain(async (run) => {
  const admin = await run.user('admin', { baseURL: params.appUrl, username: 'admin', password: params.passwords.admin });
  const candidate = await run.user('candidate', { baseURL: params.candidateUrl, username: 'candidate1',
    password: params.passwords.candidate1 });

  await step('the candidate has the session open, connected', async () => {
    await openCandidateSession(candidate.page, sessionId, title);
    await waitUntil('the candidate to be connected', () => bannerState(candidate.page), (s) => s === 'connected');
  });

  await step('Socket.IO is blocked: the candidate\'s page loses the socket and polls /api/alerts', async () => {
    await ask('blockSocketIo', { blocked: true });
    await waitUntil('the candidate\'s banner to show the lost connection', () => bannerState(candidate.page),
      (s) => s === 'reconnecting' || s === 'offline', { timeout: 10_000 });
    await waitUntil('a first poll of /api/alerts', async () => alertPolls(candidate), (n) => n >= 1,
      { timeout: 10_000 });
  });

  const pollsBefore = alertPolls(candidate);
  await step('the admin sends a critical notice to everyone and a critical message to the session', async () => {
    await admin.page.getByTestId('notice-text').fill(NOTICE);
    await admin.page.getByTestId('notice-severity').selectOption('critical');
    await admin.page.getByTestId('notice-send').click();
    await waitUntil('the admin to see the notice sent', () => admin.page.getByTestId('notice-result').textContent(),
      (t) => t.startsWith('Critical notice sent'));
    await admin.page.locator(`[data-testid=session-item][data-session-id="${sessionId}"]`).getByTestId('session-open')
      .click();
    await admin.page.getByTestId('message-text').fill(MESSAGE);
    await admin.page.getByTestId('message-severity').selectOption('critical');
    await admin.page.getByTestId('message-send').click();
    await waitUntil('the admin\'s message to be acknowledged', () => admin.page.locator('.inline-form [role=status]')
      .textContent(), (t) => t === 'Sent.');
  });

  const t0 = Date.now();
  await step('both reach the candidate over REST while the socket is still down', async () => {
    await waitUntil('the critical notice on the candidate\'s page', () => criticalNotices(candidate.page),
      (list) => list.includes(NOTICE), { timeout: 15_000 });
    await waitUntil('the critical message on the candidate\'s page', () => adminMessages(candidate.page),
      (list) => list.some((m) => m.text === MESSAGE), { timeout: 5000 });
    log(`delivered ${Date.now() - t0} ms after sending, by poll ${alertPolls(candidate)}`);
    const state = await bannerState(candidate.page);
    assert.ok(state === 'reconnecting' || state === 'offline', `the socket is back already (${state})`);
    assert.ok(alertPolls(candidate) > pollsBefore, 'no poll of /api/alerts brought them');
    assert.equal(await candidate.page.getByTestId('notification-bar').getAttribute('data-severity'), 'critical');
  });

  await step('the socket comes back ("Retry now"): still one notice, one message', async () => {
    await ask('blockSocketIo', { blocked: false });
    await candidate.page.getByTestId('connection-retry').click();
    await waitUntil('the candidate to reconnect', () => bannerState(candidate.page),
      (s) => s === 'restored' || s === 'connected', { timeout: 10_000 });
    await waitUntil('the message to be placed by the replay', () => adminMessages(candidate.page),
      (list) => list.some((m) => m.text === MESSAGE && m.seq !== null));
    await waitUntil('the banner to settle', () => bannerState(candidate.page), (s) => s === 'connected',
      { timeout: 10_000 });
    assert.deepEqual((await criticalNotices(candidate.page)).filter((t) => t === NOTICE), [NOTICE]);
    assert.deepEqual((await adminMessages(candidate.page)).map((m) => m.text), [MESSAGE]);
  });

  return { deliveredAfterMs: Date.now() - t0, polls: alertPolls(candidate) };
});
