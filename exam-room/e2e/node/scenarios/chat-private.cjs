'use strict';
// Issue 4, bullet 3: Chen sends Erin a private message. Both of Erin's tabs get it live (the one showing the
// conversation lists it; the one in the lobby counts it unread and shows it when opened); Carla, in the lobby, gets
// nothing: no frame, no text on her page, no conversation in her room list.
const { assert, params, holdsFor, step, scenarioMain } = require('../lib/e2e.cjs');
const { openChat, joined, messageShown, sendChat, chatRows, events } = require('../lib/chat.cjs');

scenarioMain(async (run) => {
  const pw = params.passwords;
  const room = params.dmRoom;
  const text = `Private: the room number is 4.12 (${Date.now().toString(36)})`;
  const a = await run.user('chen', { baseURL: params.appUrl, username: 'candidate1', password: pw.candidate1 });
  const b1 = await run.user('erin-tab1', { baseURL: params.appUrl, username: 'examiner', password: pw.examiner });
  const c = await run.user('carla', { baseURL: params.appUrl, username: 'candidate2', password: pw.candidate2 });

  await step('Chen opens a private conversation with Erin', async () => {
    await a.page.goto(`/chat?dm=${params.userIds.examiner}`);
    await joined(a.page, room);
    await a.page.getByTestId('chat-room-title').filter({ hasText: 'Erin Examiner' }).waitFor({ timeout: 5000 });
  });
  const b2 = await step("Erin has it open in one tab and the lobby in another; Carla is in the lobby", async () => {
    await openChat(b1.page, room);
    const tab = await run.tab(b1, 'erin-tab2');
    await openChat(tab.page, 'lobby');
    await openChat(c.page, 'lobby');
    return tab;
  });

  await step('Chen sends it; the first tab shows it, the second counts it unread live', async () => {
    await sendChat(a.page, text);
    const row = await messageShown(b1.page, text, { what: "the message in Erin's first tab" });
    assert.equal(row.sender, 'Chen Candidate');
    const badge = b2.page.getByTestId(`chat-unread-${room}`);
    await badge.waitFor({ timeout: 5000 });
    assert.equal((await badge.textContent()).trim(), '1');
    assert.ok(events(b2.framesIn, 'message_received').some((e) => e.data?.text === text),
      'the message reached the second tab over its socket');
  });

  await step('the second tab shows it when Erin opens the conversation there', async () => {
    await b2.page.getByTestId(`chat-room-${room}`).click();
    await joined(b2.page, room);
    await messageShown(b2.page, text, { what: "the message in Erin's second tab" });
    assert.equal((await chatRows(b2.page)).filter((r) => r.text === text).length, 1);
  });

  await step('Carla got nothing of it, and has no such conversation', async () => {
    const leaks = () => ({
      frames: c.socketIn.filter((f) => f.includes('room number is 4.12')).length,
      page: 0,
    });
    await holdsFor('nothing reaching Carla', 1000, async () => ({
      ...leaks(),
      page: (await c.page.locator('body').textContent()).includes('room number is 4.12') ? 1 : 0,
      dmLinks: await c.page.locator('[data-testid=chat-room-list] [data-kind=dm]').count(),
    }), (x) => x.frames === 0 && x.page === 0 && x.dmLinks === 0);
  });

  return { text };
});
