'use strict';
// Issue 4, bullet 10: seed 004's plain chat page (/seed/chat.html, with the client bundle the server serves at
// /socket.io/socket.io.js) in two browser contexts. Chen and Carla are signed in on the app (the page reuses that
// session through the refresh cookie, so its own sign-in form stays hidden); Chen writes, Carla answers: each message
// shows once on both pages, as text.
const { assert, params, waitUntil, step, scenarioMain } = require('../lib/e2e.cjs');

const chatBox = (page) => page.locator('#chat-box p').allTextContents();

scenarioMain(async (run) => {
  const pw = params.passwords;
  const a = await run.user('chen', { baseURL: params.appUrl, username: 'candidate1', password: pw.candidate1 });
  const b = await run.user('carla', { baseURL: params.appUrl, username: 'candidate2', password: pw.candidate2 });
  const stamp = Date.now().toString(36);
  const first = `Hello from the seed page <b>${stamp}</b>`;
  const answer = `Hello back ${stamp}`;

  await step('both open /seed/chat.html: the bundled client loads and the page connects without asking to sign in', async () => {
    for (const u of [a, b]) {
      const response = await u.page.goto('/seed/chat.html');
      assert.equal(response.status(), 200, `${u.name}: /seed/chat.html answered ${response.status()}`);
      await u.page.locator('body[data-connection=connected]').waitFor({ timeout: 10_000 });
      const bundle = u.responses.find((r) => new URL(r.url).pathname === '/socket.io/socket.io.js');
      assert.equal(bundle?.status, 200, `${u.name}: the client bundle from /socket.io/socket.io.js`);
      assert.equal(await u.page.locator('#login-form').isHidden(), true, `${u.name}: no sign-in form`);
    }
  });

  const send = async (u, text) => {
    await u.page.locator('#message-input').fill(text);
    await u.page.locator('#message-input').press('Enter');
    assert.equal(await u.page.locator('#message-input').inputValue(), '', 'the seed clears the input');
  };
  const onBoth = (text, what) => Promise.all([a, b].map((u) => waitUntil(`${what} on ${u.name}'s page`,
    () => chatBox(u.page), (t) => t.filter((x) => x === text).length === 1)));

  await step('Chen writes: both pages show it once, as text', async () => {
    await send(a, first);
    await onBoth(first, "Chen's message");
    assert.equal(await b.page.locator('#chat-box b').count(), 0, 'markup stays text');
  });

  await step('Carla answers: both pages show it once, after the first', async () => {
    await send(b, answer);
    const [onA, onB] = await onBoth(answer, "Carla's answer");
    for (const texts of [onA, onB]) {
      assert.ok(texts.indexOf(first) < texts.indexOf(answer), `in order: ${JSON.stringify(texts)}`);
    }
  });

  return { first, answer };
});
