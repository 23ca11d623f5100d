'use strict';
// Issue 4, bullet 5: Chen's first acknowledgement is lost on the way back (the proxy in front of Chen drops the app's
// frames about the message up to and including the ack: the broadcast copies to Chen and the ack), so Chen's page
// never learns that the message arrived and sends it again with the same client message id once its wait for the
// ack times out. The app stores it once and broadcasts it once: both Chen and Carla show it exactly once.
const { assert, params, log, ask, waitUntil, holdsFor, step, scenarioMain } = require('../lib/e2e.cjs');
const { openChat, messageShown, sendChat, chatRows, events, acksFor, onWebSocket } = require('../lib/chat.cjs');

scenarioMain(async (run) => {
  const pw = params.passwords;
  const marker = `ack-lost-${Date.now().toString(36)}`;
  const text = `Sent once, acknowledged late (${marker})`;
  const a = await run.user('chen', { baseURL: params.proxyUrl, username: 'candidate1', password: pw.candidate1 });
  const b = await run.user('carla', { baseURL: params.appUrl, username: 'candidate2', password: pw.candidate2 });
  await openChat(a.page, 'lobby');
  await openChat(b.page, 'lobby');
  // the proxy sees frames only on a WebSocket
  await onWebSocket(a);

  const mine = async (page) => (await chatRows(page)).filter((r) => r.text === text);

  await step('the ack is lost: Carla gets the message, Chen keeps it as Sending', async () => {
    await ask('dropAckOnce', { contains: marker });
    await sendChat(a.page, text);
    await messageShown(b.page, text, { what: "the message on Carla's page" });
    await waitUntil('the ack to be dropped by the proxy', async () => (await ask('proxyEntries'))
      .filter((e) => e.verdict === 'dropped'), (d) => d.some((e) => e.path.startsWith('43')));
    const rows = await mine(a.page);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].status, 'sending', `Chen's row: ${JSON.stringify(rows[0])}`);
  });

  const attempts = await step("Chen's page sends it again (same client id) and shows it once as sent", async () => {
    const row = await waitUntil("Chen's message to leave Sending", async () => mine(a.page),
      (r) => r.length === 1 && r[0].status !== 'sending' && r[0].status !== 'failed', { timeout: 20_000 });
    const sent = events(a.framesOut, 'chat_message').filter((e) => e.data?.text === text);
    log(`attempts: ${JSON.stringify(sent.map((e) => ({ t: e.t, ackId: e.ackId, clientMessageId: e.data.clientMessageId })))}`);
    assert.equal(sent.length, 2, 'one resend');
    assert.equal(sent[1].data.clientMessageId, sent[0].data.clientMessageId, 'the resend has the same client id');
    assert.equal(row[0].clientId, sent[0].data.clientMessageId);
    const acks = acksFor(a.framesIn, sent);
    assert.equal(acks.length, 1, 'only the second attempt\'s ack reached the page');
    assert.equal(acks[0].data.ok, true);
    assert.equal(acks[0].data.duplicate, true, 'the app recognised the resend');
    return sent.length;
  });

  await step('both pages show it exactly once, and keep doing so', async () => {
    await holdsFor('exactly one copy on each page', 1500, async () => [(await mine(a.page)).length,
      (await mine(b.page)).length], ([x, y]) => x === 1 && y === 1);
    const received = events(b.framesIn, 'message_received').filter((e) => e.data?.text === text);
    assert.equal(received.length, 1, 'Carla received it once');
  });

  return { text, attempts };
});
