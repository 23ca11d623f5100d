'use strict';
// Issue 4, bullet 8: a room with 210 stored messages (sent through the server by the harness, with the official
// client). Chen opens it (the newest 50) and scrolls up with the mouse wheel until the start of the conversation:
// every older page asked for goes strictly further back (`before` = the oldest id held), the pages' ids strictly
// decrease from page to page with neither overlap nor gap, and the list ends up with every stored message once, in
// order.
const { assert, params, log, waitUntil, step, scenarioMain, bannerState } = require('../lib/e2e.cjs');
const { openChat, chatRows, events, acksFor } = require('../lib/chat.cjs');

scenarioMain(async (run) => {
  const seeded = params.seededIds;
  const a = await run.user('chen', { baseURL: params.appUrl, username: 'candidate1', password: params.passwords.candidate1 });
  await openChat(a.page, 'lobby');
  const ids = async () => (await chatRows(a.page)).map((r) => r.id);

  await step('the room opens at the newest 50', async () => {
    const shown = await waitUntil('the first page', ids, (x) => x.length === 50);
    assert.deepEqual(shown, seeded.slice(-50));
    assert.equal(await a.page.getByTestId('chat-messages').getAttribute('data-has-more'), 'true');
  });

  const pages = await step('Chen scrolls up until the start of the conversation', async () => {
    const list = a.page.getByTestId('chat-messages');
    await list.hover();
    let count = 50;
    for (let i = 0; i < 20; i++) {
      if (await a.page.getByTestId('chat-history-start').count()) break;
      await a.page.mouse.wheel(0, -20_000);
      count = (await waitUntil('an older page after scrolling to the top', ids, (x) => x.length > count
        || x.length === seeded.length, { timeout: 5000 })).length;
      log(`${count} messages listed`);
    }
    await a.page.getByTestId('chat-history-start').waitFor({ timeout: 5000 });
    assert.equal(await list.getAttribute('data-has-more'), 'false');
    return events(a.framesOut, 'history');
  });

  const shownIds = await step('pages went strictly back, without overlap or gap; the list holds each message once', async () => {
    const acks = acksFor(a.framesIn, pages);
    assert.equal(acks.length, pages.length, 'every page was answered');
    let oldest = seeded[seeded.length - 50];
    for (const request of pages) {
      const answer = acks.find((x) => x.ackId === request.ackId && x.conn === request.conn).data;
      const got = answer.messages.map((x) => x.id);
      log(`history before ${request.data.before}: ${got.length} messages, ${got[0]}..${got[got.length - 1]}`);
      assert.equal(request.data.before, oldest, 'each page is asked for before the oldest message held');
      for (let i = 1; i < got.length; i++) assert.ok(got[i - 1] < got[i], `ascending within a page: ${got}`);
      assert.ok(got[got.length - 1] < oldest, 'strictly older than what was held');
      // no gap: the page ends right before the oldest held
      assert.equal(seeded.indexOf(got[got.length - 1]) + 1, seeded.indexOf(oldest));
      oldest = got[0];
    }
    assert.equal(oldest, seeded[0], 'down to the first message');
    const shown = await ids();
    assert.equal(new Set(shown).size, shown.length, 'no duplicates');
    for (let i = 1; i < shown.length; i++) assert.ok(shown[i - 1] < shown[i], 'in order');
    assert.deepEqual(shown, seeded);
    const texts = (await chatRows(a.page)).map((r) => r.text);
    assert.deepEqual(texts, seeded.map((_, i) => `${params.textPrefix}${i + 1}`));
    return shown;
  });

  await step('the connection stayed up: the page reported what it saw in a few receipts, not one per message', async () => {
    const receipts = events(a.framesOut, 'receipt');
    const seen = receipts.flatMap((r) => r.data?.messageIds ?? [r.data?.messageId]);
    log(`${receipts.length} receipt events for ${seen.length} messages`);
    assert.ok(receipts.length <= 10, `${receipts.length} receipt events`);
    assert.deepEqual([...new Set(seen)].sort((x, y) => x - y), seeded);
    assert.equal(await bannerState(a.page), 'connected');
    assert.ok(!a.socketIn.some((f) => f.includes('"rate-limit"')), 'the server never throttled the page');
  });

  return { pages: pages.length, shownIds };
});
