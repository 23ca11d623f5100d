'use strict';
// Issue 4, bullet 6: Chen sends 20 messages within a second (put into the composer, Enter after each). Carla gets
// no more than the rate limit lets through (a burst, plus the refill during the second), and Chen is told "You're
// sending too fast"; the refused messages stay on Chen's page as not sent, and nothing more arrives later.
const { assert, params, log, waitUntil, holdsFor, step, scenarioMain } = require('../lib/e2e.cjs');
const { openChat, chatRows, events } = require('../lib/chat.cjs');

const COUNT = 20;

scenarioMain(async (run) => {
  const pw = params.passwords;
  const a = await run.user('chen', { baseURL: params.appUrl, username: 'candidate1', password: pw.candidate1 });
  const b = await run.user('carla', { baseURL: params.appUrl, username: 'candidate2', password: pw.candidate2 });
  await openChat(a.page, 'lobby');
  await openChat(b.page, 'lobby');
  const burst = (rows) => rows.filter((r) => /^Burst \d+$/.test(r.text));

  const sendingMs = await step(`Chen sends ${COUNT} messages in a second`, async () => {
    await a.page.getByTestId('chat-input').click();
    // typed and sent from inside the page (the composer's own input and Enter handling): a keystroke at a time from
    // here would be a round trip each, too slow on a busy machine for 20 in a second
    await a.page.evaluate(async (count) => {
      const area = document.querySelector('[data-testid=chat-input]');
      const button = document.querySelector('[data-testid=chat-send]');
      const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set;
      // React renders a typed character in a microtask; wait for that (the Send button comes on), not longer
      const rendered = async (ready) => {
        await Promise.resolve();
        while (!ready()) await new Promise((r) => setTimeout(r, 0));
      };
      for (let i = 1; i <= count; i++) {
        setValue.call(area, `Burst ${i}`);
        area.dispatchEvent(new Event('input', { bubbles: true }));
        await rendered(() => !button.disabled);
        area.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
        await rendered(() => area.value === '');
      }
    }, COUNT);
    const sent = events(a.framesOut, 'chat_message');
    assert.equal(sent.length, COUNT, `${COUNT} chat_message emits left the page`);
    const ms = sent[sent.length - 1].t - sent[0].t;
    log(`the ${COUNT} emits left the page within ${ms} ms`);
    return ms;
  });

  const received = await step('Carla gets no more than the limit; Chen sees "You\'re sending too fast"', async () => {
    const error = a.page.getByTestId('chat-error');
    await error.waitFor({ timeout: 5000 });
    assert.equal(await error.getAttribute('data-code'), 'rate_limited');
    assert.match(await error.textContent(), /You're sending too fast/);
    const own = await waitUntil("every one of Chen's messages to be answered", async () => burst(await chatRows(a.page)),
      (rows) => rows.length === COUNT && rows.every((r) => r.status !== 'sending'));
    const accepted = own.filter((r) => r.status !== 'failed').length;
    log(`accepted ${accepted}, refused ${COUNT - accepted}`);
    const allowed = params.burst + Math.ceil((params.ratePerSecond * sendingMs) / 1000);
    const rows = await waitUntil("Carla's page to show the accepted ones", async () => burst(await chatRows(b.page)),
      (r) => r.length >= accepted);
    // nothing more comes: the refused messages are not sent again by themselves
    await holdsFor("Carla's count to stay", 2000, async () => burst(await chatRows(b.page)).length,
      (n) => n === rows.length);
    assert.equal(rows.length, accepted);
    assert.ok(rows.length <= allowed, `Carla got ${rows.length}, more than the limit ${allowed}`);
    assert.ok(rows.length >= params.burst, `Carla got ${rows.length}, fewer than a burst`);
    assert.deepEqual(rows.map((r) => r.text), own.filter((r) => r.status !== 'failed').map((r) => r.text));
    return rows.length;
  });

  return { sendingMs, received };
});
