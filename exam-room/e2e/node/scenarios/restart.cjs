'use strict';
// Restarting the server loses nothing acknowledged: the started test and its timer, the examiner's messages, the
// saved score and the recording chunks acknowledged before the restart are all there afterwards, and both pages
// carry on by themselves (the candidate still signed in, still recording).
const {
  assert, params, log, ask, waitUntil, step, scenarioMain, text, openCandidateSession, openExaminerSession, countdown,
  bannerState, adminMessages, joinAnswered, rendered,
} = require('../lib/e2e.cjs');

const { sessionId, title } = params;
const MESSAGES = ['Before the restart: first message', 'Before the restart: second message'];
const SCORES = { fluency: 7, lexical: 6, grammar: 6, pronunciation: 6 };

const recorder = (page) => page.getByTestId('recorder-status').evaluate((e) => ({ state: e.dataset.state,
  acknowledged: Number(e.dataset.acknowledged), pending: Number(e.dataset.pending), text: e.textContent }));

scenarioMain(async (run) => {
  const examiner = await run.user('examiner', { baseURL: params.appUrl, username: 'examiner',
    password: params.passwords.examiner });
  const candidate = await run.user('candidate', { baseURL: params.candidateUrl, username: 'candidate1',
    password: params.passwords.candidate1 });

  await step('the examiner starts the test, sends 2 messages and saves a score; all acknowledged', async () => {
    await openCandidateSession(candidate.page, sessionId, title);
    await openExaminerSession(examiner.page, sessionId, title);
    await examiner.page.getByTestId('examiner-start').click();
    await waitUntil('the start acknowledged', () => text(examiner.page, 'control-result'), (t) => t === 'Test started.');
    for (const message of MESSAGES) {
      await examiner.page.getByTestId('message-text').fill(message);
      await examiner.page.getByTestId('message-send').click();
      await waitUntil(`"${message}" acknowledged`, () => adminMessages(examiner.page),
        (l) => l.some((m) => m.text === message));
    }
    for (const [criterion, band] of Object.entries(SCORES)) {
      await examiner.page.getByTestId(`score-${criterion}`).fill(String(band));
    }
    await examiner.page.getByTestId('score-submit').click();
    await waitUntil('the score acknowledged', () => text(examiner.page, 'score-message'),
      (t) => t === 'Score saved (overall 6.5), not yet published.');
    await waitUntil('the candidate to have both messages', () => adminMessages(candidate.page),
      (l) => l.length === 2);
  });

  const before = await step('the candidate records until a chunk is acknowledged', async () => {
    await candidate.page.getByTestId('mic-check').click();
    await candidate.page.getByTestId('recorder-start').click();
    const r = await waitUntil('an acknowledged chunk', () => recorder(candidate.page), (x) => x.acknowledged >= 1,
      { timeout: 15_000 });
    const c = await countdown(candidate.page);
    log(`before the restart: ${r.text}; countdown ${c.text}`);
    return { acknowledged: r.acknowledged, remainingMs: c.remainingMs, at: Date.now() };
  });

  const mark = candidate.socketIn.length;
  const restart = await step('the server restarts (same data, same port)', () => ask('restart'));

  await step('both pages reconnect by themselves; the candidate is still signed in', async () => {
    for (const u of [candidate, examiner]) {
      await waitUntil(`${u.name} to reconnect`, () => bannerState(u.page), (s) => s === 'restored' || s === 'connected',
        { timeout: 20_000 });
      assert.equal(await u.page.getByTestId('auth-message').count(), 0, `${u.name} was signed out`);
      assert.equal(await u.page.getByTestId('current-user').count(), 1);
    }
  });

  await step('the candidate\'s page: the test goes on where it was, the 2 messages once each', async () => {
    // the page has rejoined the session and taken the restarted server's snapshot (and its timer)
    await joinAnswered(candidate, sessionId, mark);
    assert.equal(await text(candidate.page, 'status-badge'), 'In Progress – Part 1');
    await rendered(candidate.page);
    const c = await countdown(candidate.page);
    const expected = before.remainingMs - (Date.now() - before.at);
    log(`countdown after the restart ${c.text} (${c.remainingMs} ms), expected about ${expected} ms`);
    assert.ok(Math.abs(c.remainingMs - expected) <= 2000, 'the part timer did not carry on');
    assert.deepEqual((await adminMessages(candidate.page)).map((m) => m.text), MESSAGES);
  });

  const recording = await step('the recording carries on and completes with every chunk', async () => {
    await waitUntil('a chunk acknowledged after the restart', () => recorder(candidate.page),
      (r) => r.acknowledged > before.acknowledged && r.state === 'recording', { timeout: 20_000 });
    await candidate.page.getByTestId('recorder-stop').click();
    const done = await waitUntil('the recording completed', () => recorder(candidate.page),
      (r) => r.state === 'complete' || r.state === 'failed', { timeout: 30_000 });
    assert.equal(done.state, 'complete', done.text);
    return done;
  });

  await step('the examiner reloads: the saved score and the messages are there', async () => {
    await examiner.page.reload();
    await openExaminerSession(examiner.page, sessionId, title);
    for (const [criterion, band] of Object.entries(SCORES)) {
      await waitUntil(`the stored ${criterion} band`, () => examiner.page.getByTestId(`score-${criterion}`)
        .inputValue(), (v) => v === String(band));
    }
    assert.equal(await text(examiner.page, 'score-overall'), '6.5');
    await waitUntil('the messages', () => adminMessages(examiner.page),
      (l) => JSON.stringify(l.map((m) => m.text)) === JSON.stringify(MESSAGES));
    await waitUntil('the badge', () => text(examiner.page, 'status-badge'), (t) => t === 'In Progress – Part 1');
  });

  return { chunksBefore: before.acknowledged, chunks: recording.acknowledged, restart };
});
