'use strict';
// Issue 4, bullet 9: Erin (examiner) mutes Chen in the lobby. Chen's input is disabled with "You are muted in this
// room" (live, and again after a reload); when Chen's page emits chat_message anyway (from its own socket, on the
// /ws-test page), the server answers `muted` and Erin gets nothing.
const { assert, params, log, waitUntil, holdsFor, step, scenarioMain } = require('../lib/e2e.cjs');
const { openChat, participants, chatRows, sendChat, events, acksFor } = require('../lib/chat.cjs');

scenarioMain(async (run) => {
  const pw = params.passwords;
  const chenId = params.userIds.candidate1;
  const a = await run.user('chen', { baseURL: params.appUrl, username: 'candidate1', password: pw.candidate1 });
  const e = await run.user('erin', { baseURL: params.appUrl, username: 'examiner', password: pw.examiner });
  await openChat(a.page, 'lobby');
  await openChat(e.page, 'lobby');
  const input = a.page.getByTestId('chat-input');

  await step('before: Chen can write', async () => {
    await sendChat(a.page, 'Before the mute');
    await waitUntil('Erin sees it', async () => (await chatRows(e.page)).map((r) => r.text),
      (t) => t.includes('Before the mute'));
  });

  await step('Erin mutes Chen: his input is disabled at once and says why', async () => {
    const row = e.page.locator(`[data-testid=chat-participant][data-user-id="${chenId}"]`);
    await row.getByTestId('chat-mute').click();
    await waitUntil("Chen's input disabled", () => input.isDisabled(), Boolean, { timeout: 3000 });
    const error = a.page.getByTestId('chat-error');
    await error.waitFor({ timeout: 3000 });
    assert.equal(await error.getAttribute('data-code'), 'muted');
    assert.equal((await error.textContent()).trim(), 'You are muted in this room');
    assert.equal(await a.page.getByTestId('chat-send').isDisabled(), true);
    await waitUntil('Chen muted in the lists', async () => (await participants(e.page)).people
      .find((p) => p.userId === chenId)?.muted, Boolean);
  });

  await step('after a reload Chen is still muted', async () => {
    await openChat(a.page, 'lobby');
    assert.equal(await a.page.getByTestId('chat-room').getAttribute('data-muted'), 'true');
    assert.equal(await input.isDisabled(), true);
  });

  const ack = await step("Chen's page emits chat_message anyway: the server answers muted, Erin gets nothing", async () => {
    const before = e.socketIn.length;
    await a.page.getByTestId('nav-ws-test').click();
    await a.page.getByTestId('ws-event').fill('chat_message');
    await a.page.getByTestId('ws-payload').fill(JSON.stringify({ roomId: 'lobby', text: 'Muted but trying',
      clientMessageId: `muted-${Date.now()}` }));
    await a.page.getByTestId('ws-emit').click();
    const answer = await waitUntil('the answer', () => a.page.getByTestId('ws-ack-result').textContent(),
      (t) => t && t !== 'waiting…');
    log(`answer: ${answer}`);
    const sent = events(a.framesOut, 'chat_message').filter((x) => x.data?.text === 'Muted but trying');
    assert.equal(sent.length, 1, 'the emit left the page');
    const wire = acksFor(a.framesIn, sent)[0]?.data;
    assert.equal(wire?.ok, false);
    assert.equal(wire?.error, 'muted');
    await holdsFor('nothing reaching Erin', 1000, () => e.socketIn.slice(before)
      .filter((f) => f.includes('Muted but trying')).length, (n) => n === 0);
    return JSON.parse(answer);
  });

  return { ack };
});
