'use strict';
// The candidate goes offline for 30 s while the examiner sends 3 messages: the examiner sees "Disconnected"
// meanwhile, and after the candidate's reconnection all 3 show once, in order.
//
// Offline = the harness's proxy cuts every connection of the candidate's context and refuses new ones (so nothing
// can get through, whatever the browser does), and the context is put offline too, as the operating system would
// when the network goes (navigator.onLine false, the 'offline' and later 'online' events).
const {
  assert, params, log, ask, sleep, waitUntil, step, scenarioMain, text, openCandidateSession, openExaminerSession,
  bannerState, adminMessages,
} = require('../lib/e2e.cjs');

const { sessionId, title } = params;
const OFFLINE_MS = 30_000;
const MESSAGES = ['Message 1: please check your microphone', 'Message 2: we start Part 2 shortly',
  'Message 3: speak a little louder'];

const presence = (page) => page.getByTestId('candidate-presence').evaluate((e) => ({ state: e.dataset.state,
  text: e.textContent }));

scenarioMain(async (run) => {
  const examiner = await run.user('examiner', { baseURL: params.appUrl, username: 'examiner',
    password: params.passwords.examiner });
  const candidate = await run.user('candidate', { baseURL: params.candidateUrl, username: 'candidate1',
    password: params.passwords.candidate1 });

  await step('both open the session; the examiner sees the candidate connected', async () => {
    await openCandidateSession(candidate.page, sessionId, title);
    await openExaminerSession(examiner.page, sessionId, title);
    await waitUntil('the examiner to see the candidate connected', () => presence(examiner.page),
      (p) => p.state === 'connected' && p.text === 'Connected');
    assert.equal(await bannerState(candidate.page), 'connected');
  });

  const offlineAt = await step('the candidate goes offline; the examiner sees "Disconnected"', async () => {
    await ask('cutNetwork');
    await candidate.context.setOffline(true);
    const t0 = Date.now();
    await waitUntil('the candidate\'s banner to say offline', () => bannerState(candidate.page),
      (s) => s === 'offline' || s === 'reconnecting', { timeout: 5000 });
    const seen = await waitUntil('the examiner to see the candidate disconnected', () => presence(examiner.page),
      (p) => p.state === 'disconnected' && /^Disconnected \d+:\d\d$/.test(p.text), { timeout: 20_000 });
    log(`examiner sees "${seen.text}" ${Date.now() - t0} ms after the cut`);
    return t0;
  });

  await step('the examiner sends 3 messages while the candidate is away', async () => {
    for (const message of MESSAGES) {
      await examiner.page.getByTestId('message-text').fill(message);
      await examiner.page.getByTestId('message-send').click();
      await waitUntil(`the examiner's list to show "${message}"`, () => adminMessages(examiner.page),
        (list) => list.some((m) => m.text === message));
    }
    const sent = await adminMessages(examiner.page);
    assert.deepEqual(sent.map((m) => m.text), MESSAGES, 'the examiner\'s own list');
  });

  await step('30 s offline: the candidate sees none of them, the examiner sees the absence counting', async () => {
    const left = OFFLINE_MS - (Date.now() - offlineAt);
    assert.ok(left > 5000, `the messages took too long to send (${Date.now() - offlineAt} ms)`);
    await sleep(left); // the outage the scenario defines
    const p = await presence(examiner.page);
    assert.equal(p.state, 'disconnected', `the examiner's view after 30 s: ${JSON.stringify(p)}`);
    const away = /^Disconnected (\d+):(\d\d)$/.exec(p.text);
    assert.ok(away && Number(away[1]) * 60 + Number(away[2]) >= 25, `the examiner sees "${p.text}" after 30 s`);
    assert.notEqual(await bannerState(candidate.page), 'connected');
    assert.deepEqual(await adminMessages(candidate.page), [], 'messages reached the candidate while offline');
  });

  const received = await step('back online: all 3 messages show once, in order', async () => {
    // every state the candidate's list goes through from now on, to check that none shows a message twice
    await candidate.page.evaluate(() => {
      const seen = (window.__messageLists = []);
      const snapshot = () => {
        const texts = Array.from(document.querySelectorAll('[data-testid=admin-messages] li .message-text'),
          (e) => e.textContent);
        if (JSON.stringify(texts) !== JSON.stringify(seen[seen.length - 1])) seen.push(texts);
      };
      snapshot();
      new MutationObserver(snapshot).observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    await ask('restoreNetwork');
    await candidate.context.setOffline(false);
    const t0 = Date.now();
    await waitUntil('the candidate to reconnect', () => bannerState(candidate.page),
      (s) => s === 'restored' || s === 'connected', { timeout: 15_000 });
    log(`the candidate reconnected ${Date.now() - t0} ms after the network came back`);
    // shown, and placed by the replay of join_session (a copy the REST fallback brought first has no seq yet)
    const list = await waitUntil('the 3 messages on the candidate\'s page, with their seq',
      () => adminMessages(candidate.page), (l) => MESSAGES.every((m) => l.some((x) => x.text === m && x.seq !== null)));
    assert.deepEqual(list.map((m) => m.text), MESSAGES, 'each message once, in the order sent');
    const seqs = list.map((m) => m.seq);
    assert.ok(seqs.every((s, i) => Number.isInteger(s) && (i === 0 || s > seqs[i - 1])), `seqs ${seqs}`);
    await waitUntil('the examiner to see the candidate connected again', () => presence(examiner.page),
      (p) => p.state === 'connected', { timeout: 5000 });
    // the banner settles ("Connection restored" turns into "Connected" after 4 s); nothing arrives twice meanwhile
    await waitUntil('the candidate\'s banner to settle', () => bannerState(candidate.page), (s) => s === 'connected',
      { timeout: 10_000 });
    assert.deepEqual((await adminMessages(candidate.page)).map((m) => m.text), MESSAGES, 'after settling');
    const states = await candidate.page.evaluate(() => window.__messageLists);
    log(`the candidate's list went through ${JSON.stringify(states)}`);
    for (const texts of states) {
      assert.equal(new Set(texts).size, texts.length, `a message was shown twice: ${JSON.stringify(texts)}`);
      assert.deepEqual(texts, MESSAGES.slice(0, texts.length), `shown out of order: ${JSON.stringify(texts)}`);
    }
    assert.equal(await text(candidate.page, 'status-badge'), 'Scheduled');
    return list;
  });

  return { messages: received.map((m) => m.text), seqs: received.map((m) => m.seq) };
});
