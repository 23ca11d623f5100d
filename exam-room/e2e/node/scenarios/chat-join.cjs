'use strict';
// Issue 4, bullet 1: a second user joins the room; the first sees "X joined" and the participant count rise within
// 1 s of the second user's join_room.
const { assert, params, log, waitUntil, step, scenarioMain, text } = require('../lib/e2e.cjs');
const { openChat, participants, events } = require('../lib/chat.cjs');

scenarioMain(async (run) => {
  const pw = params.passwords;
  const a = await run.user('chen', { baseURL: params.appUrl, username: 'candidate1', password: pw.candidate1 });
  const b = await run.user('carla', { baseURL: params.appUrl, username: 'candidate2', password: pw.candidate2 });
  const carlaId = params.userIds.candidate2;

  const countBefore = await step('Chen opens the lobby, alone in it', async () => {
    await openChat(a.page, 'lobby');
    const p = await waitUntil('the participant list', () => participants(a.page), (x) => x.count >= 1);
    assert.deepEqual(p.people.map((x) => x.userId), [params.userIds.candidate1]);
    return p.count;
  });

  const { joinedLineMs, countAfter } = await step('Carla opens the lobby: Chen sees "Carla Candidate joined" and 2 participants', async () => {
    await openChat(b.page, 'lobby');
    const [join] = events(b.framesOut, 'join_room').filter((e) => e.data?.roomId === 'lobby');
    assert.ok(join, 'Carla sent join_room');
    const seen = await waitUntil('"Carla Candidate joined" and the count of 2 on Chen\'s page', async () => {
      const p = await participants(a.page);
      const activity = await a.page.getByTestId('chat-activity').evaluateAll((els) => els.map((el) => ({
        text: el.textContent.trim(), kind: el.dataset.kind, userId: el.dataset.userId })));
      return { p, activity, t: Date.now() };
    }, (x) => x.p.count === 2 && x.activity.some((e) => e.text === 'Carla Candidate joined' && e.userId === carlaId),
    { timeout: 5000, interval: 20 });
    const ms = seen.t - join.t;
    log(`Chen saw it ${ms} ms after Carla's join_room`);
    const carla = seen.p.people.find((x) => x.userId === carlaId);
    assert.equal(carla?.name, 'Carla Candidate');
    assert.equal(carla?.status, 'online');
    assert.match(await text(a.page, 'chat-participants').catch(() => ''), /Carla Candidate/);
    return { joinedLineMs: ms, countAfter: seen.p.count };
  });

  await step('the online count in the list\'s heading says 2', async () => {
    await waitUntil('"(2 online)"', () => a.page.locator('.chat-participants h2').textContent(),
      (t) => /\(2 online\)/.test(t ?? ''), { timeout: 2000 });
  });

  return { joinedLineMs, countBefore, countAfter };
});
