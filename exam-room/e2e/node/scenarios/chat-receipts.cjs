'use strict';
// Issue 4, bullet 4: Chen writes to Carla, whose tab shows the conversation but is in the background (not focused):
// Chen sees Delivered, and it stays Delivered; Carla comes back to the tab: Chen sees Seen within 1 s.
const { assert, params, log, waitUntil, holdsFor, step, scenarioMain } = require('../lib/e2e.cjs');
const { openChat, joined, messageShown, sendChat, chatRows, setActive, events } = require('../lib/chat.cjs');

scenarioMain(async (run) => {
  const pw = params.passwords;
  const room = params.dmRoom;
  const text = `Are you ready for part 2? (${Date.now().toString(36)})`;
  const a = await run.user('chen', { baseURL: params.appUrl, username: 'candidate1', password: pw.candidate1 });
  const b = await run.user('carla', { baseURL: params.appUrl, username: 'candidate2', password: pw.candidate2 });

  await step('Chen opens the conversation with Carla; Carla opens it too, then switches to another window', async () => {
    await a.page.goto(`/chat?dm=${params.userIds.candidate2}`);
    await joined(a.page, room);
    await openChat(b.page, room);
    await setActive(b.page, false);
    await waitUntil("Carla's tab to tell the server it is away", () => events(b.framesOut, 'set_presence'),
      (e) => e.some((x) => x.data?.status === 'away'));
  });

  const own = (rows) => rows.find((r) => r.text === text && r.own);
  await step('Chen sends: Delivered, and it stays so while Carla looks elsewhere', async () => {
    await sendChat(a.page, text);
    await messageShown(b.page, text, { what: "the message on Carla's (background) page" });
    await waitUntil('Delivered on Chen\'s page', async () => own(await chatRows(a.page)),
      (r) => r?.status === 'delivered' && r.receipt === 'Delivered', { timeout: 5000 });
    await holdsFor('Delivered (not Seen)', 1500, async () => own(await chatRows(a.page))?.status,
      (s) => s === 'delivered');
    assert.ok(!events(b.framesOut, 'receipt').some((e) => e.data?.status === 'seen'),
      'no seen receipt from a background tab');
  });

  const seenAfterFocusMs = await step('Carla comes back to the tab: Seen on Chen\'s page within 1 s', async () => {
    const t0 = Date.now();
    await setActive(b.page, true);
    await waitUntil('Seen on Chen\'s page', async () => own(await chatRows(a.page)),
      (r) => r?.status === 'seen' && r.receipt === 'Seen', { timeout: 3000, interval: 20 });
    const ms = Date.now() - t0;
    log(`Seen ${ms} ms after the focus`);
    return ms;
  });

  return { text, seenAfterFocusMs };
});
