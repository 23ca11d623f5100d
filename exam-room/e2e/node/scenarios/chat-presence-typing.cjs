'use strict';
// Issue 4, bullet 2: A types, then A's tab dies without a clean close: the cable is pulled (the proxy passes nothing
// either way and closes nothing) and the tab is closed without beforeunload. B's "A is typing" goes within 6 s (the
// receiver's expiry: the app's heartbeat is set to notice the dead tab only 7-9 s after the cut), and A shows offline
// once the app noticed (user_left) plus the presence grace. While A types continuously, A's page sends at most one
// `typing` per 2 s (WebSocket frames as Playwright sees them leave the page).
const { assert, params, log, ask, waitUntil, step, scenarioMain } = require('../lib/e2e.cjs');
const { openChat, participants, typingLine, events, onWebSocket } = require('../lib/chat.cjs');

scenarioMain(async (run) => {
  const pw = params.passwords;
  const chenId = params.userIds.candidate1;
  // Chen's network is the proxy's
  const a = await run.user('chen', { baseURL: params.proxyUrl, username: 'candidate1', password: pw.candidate1 });
  const b = await run.user('carla', { baseURL: params.appUrl, username: 'candidate2', password: pw.candidate2 });
  await openChat(a.page, 'lobby');
  await openChat(b.page, 'lobby');
  const status = async () => (await participants(b.page)).people.find((p) => p.userId === chenId)?.status;
  await waitUntil('Carla to see Chen online', status, (s) => s === 'online');
  await onWebSocket(a);

  const { typingFrames, cutAt } = await step('Chen types without a pause; Carla sees "Chen Candidate is typing"; '
    + 'right after his third typing start his cable is pulled and the tab closed without beforeunload', async () => {
    await a.page.getByTestId('chat-input').click();
    const t0 = Date.now();
    const typing = a.page.keyboard.type('I am writing a long answer about the listening part of the test, please wait '
      + 'a moment while I finish it', { delay: 65 }).catch(() => undefined);
    await waitUntil("Carla's typing line", () => typingLine(b.page), (t) => t === 'Chen Candidate is typing',
      { timeout: 3000 });
    // the worst case for the expiry: the tab dies just after a typing start went out
    await waitUntil('the third typing start to leave the page', () => events(a.framesOut, 'typing').length,
      (n) => n >= 3, { timeout: 8000, interval: 5 });
    const t = Date.now();
    await ask('blackholeNetwork');
    await a.page.close({ runBeforeUnload: false });
    await typing;
    log(`typed for ${t - t0} ms`);
    const frames = events(a.framesOut, 'typing');
    assert.ok(frames.every((f) => f.data?.isTyping === true), `only starts while typing: ${JSON.stringify(frames)}`);
    return { typingFrames: frames, cutAt: t };
  });

  const gaps = typingFrames.slice(1).map((f, i) => f.t - typingFrames[i].t);
  log(`typing frames sent at gaps of ${JSON.stringify(gaps)} ms; the last ${cutAt - typingFrames[typingFrames.length - 1].t} ms before the cut`);

  const lastTypingIn = events(b.framesIn, 'user_typing').filter((e) => e.data?.user?.id === chenId).pop();
  assert.ok(lastTypingIn && lastTypingIn.data.isTyping === true, 'Carla got a typing start last');

  const typingGoneAt = await step('Carla\'s typing line empties within 6 s', async () => {
    await waitUntil('the typing line to empty', () => typingLine(b.page), (t) => t === '', { timeout: 8000, interval: 25 });
    return Date.now();
  });
  log(`typing line gone ${typingGoneAt - cutAt} ms after the cut, ${typingGoneAt - lastTypingIn.t} ms after the last user_typing`);
  // 6 s after the last sign of typing, not later (nor much earlier)
  assert.ok(typingGoneAt - lastTypingIn.t <= 6200 && typingGoneAt - lastTypingIn.t >= 5800,
    `gone ${typingGoneAt - lastTypingIn.t} ms after the last user_typing`);
  // it expired on Carla's side: the app had not noticed anything yet, so it sent no stop
  assert.ok(!events(b.framesIn, 'user_typing').some((e) => e.data?.user?.id === chenId && e.data.isTyping === false),
    'no typing stop from the app before the line emptied');
  assert.ok(!events(b.framesIn, 'user_left').some((e) => e.data?.user?.id === chenId), 'the app had not noticed yet');

  const { leftAt, offlineAt } = await step('Chen shows offline on Carla\'s page after the heartbeat and the grace', async () => {
    const deadline = params.heartbeatMs + params.graceMs + 3000;
    await waitUntil("Chen offline on Carla's page", status, (x) => x === 'offline', { timeout: deadline, interval: 25 });
    const s = Date.now();
    const left = events(b.framesIn, 'user_left').find((e) => e.data?.user?.id === chenId);
    assert.ok(left, 'the room was told Chen left (the app noticed the dead socket)');
    return { leftAt: left.t, offlineAt: s };
  });
  log(`user_left ${leftAt - cutAt} ms after the cut; offline ${offlineAt - cutAt} ms after the cut, ${offlineAt - leftAt} ms after user_left`);

  return {
    typingFrames: typingFrames.length,
    minTypingGapMs: Math.min(...gaps),
    typingGoneAfterCutMs: typingGoneAt - cutAt,
    typingGoneAfterLastEventMs: typingGoneAt - lastTypingIn.t,
    offlineAfterCutMs: offlineAt - cutAt,
    offlineAfterLeftMs: offlineAt - leftAt,
  };
});
