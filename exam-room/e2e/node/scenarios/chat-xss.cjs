'use strict';
// Issue 4, bullet 7, and the reliability catalogue's L1/L2: markup, script, template and bidi payloads as chat
// messages, as a display name (Mallory's: the app has no way to set names, the harness made the account), as an
// uploaded file's name and as an exam title (the test session's chat room is named after it). Everything shows as
// the literal text, nothing runs (any dialog fails the scenario, see e2e.cjs), only http(s) links become anchors,
// the page carries the CSP, and a message over the length limit is refused with a clear message, by the page and by
// the server.
const { assert, params, log, waitUntil, step, scenarioMain, openCandidateSession } = require('../lib/e2e.cjs');
const { openChat, joined, messageShown, sendChat, chatRows, participants, typingLine, events, acksFor } =
  require('../lib/chat.cjs');

/** Whether the visible text `needle` inside `el` reads left to right (its first character left of its last). */
function readsLeftToRight(el, needle) {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const i = node.data.indexOf(needle);
    if (i < 0) continue;
    const r = document.createRange();
    r.setStart(node, i);
    r.setEnd(node, i + 1);
    const first = r.getBoundingClientRect().left;
    r.setStart(node, i + needle.length - 1);
    r.setEnd(node, i + needle.length);
    return first < r.getBoundingClientRect().left;
  }
  return null;
}

/** What injected markup would leave in a page: elements and links a text can never make. */
function injected() {
  return {
    inlineScripts: document.querySelectorAll('script:not([src])').length,
    scriptsNotOurs: [...document.querySelectorAll('script[src]')].filter((s) => new URL(s.src).origin !== location.origin).length,
    imgX: document.querySelectorAll('img[src="x"], img[onerror]').length,
    svgOnload: document.querySelectorAll('svg[onload]').length,
    jsLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
    nonHttpLinksInMessages: [...document.querySelectorAll('[data-testid=chat-messages] a')]
      .filter((a) => !/^https?:$/.test(new URL(a.href).protocol)).length,
    templated49: [...document.querySelectorAll('[data-testid=chat-text]')].filter((p) => p.textContent.includes('49')).length,
  };
}

const clean = (x) => Object.values(x).every((n) => n === 0);

scenarioMain(async (run) => {
  const pw = params.passwords;
  const name = params.malloryName;
  const payloads = params.payloads;
  const a = await run.user('chen', { baseURL: params.appUrl, username: 'candidate1', password: pw.candidate1 });
  const m = await run.user('mallory', { baseURL: params.appUrl, username: 'mallory', password: params.malloryPassword });

  const csp = await step('the chat page comes with the CSP', async () => {
    const response = await a.page.goto('/chat?room=lobby');
    await joined(a.page, 'lobby');
    const header = response.headers()['content-security-policy'] ?? '';
    log(`CSP: ${header}`);
    assert.match(header, /(^|;)\s*script-src 'self'(;|$)/);
    return header;
  });

  await step("Mallory (markup in her display name) joins, types and writes: Chen's page shows the name as text", async () => {
    await openChat(m.page, 'lobby');
    const p = await waitUntil('Mallory in the participant list', () => participants(a.page),
      (x) => x.people.some((q) => q.userId === params.malloryId));
    assert.equal(p.people.find((q) => q.userId === params.malloryId).name, name);
    await waitUntil('"… joined" with her name', () => a.page.getByTestId('chat-activity').allTextContents(),
      (t) => t.some((s) => s.trim() === `${name} joined`), { timeout: 3000 });
    await m.page.getByTestId('chat-input').click();
    await m.page.keyboard.type('hello', { delay: 20 });
    await waitUntil('her typing line', () => typingLine(a.page), (t) => t === `${name} is typing`, { timeout: 3000 });
    assert.equal(await a.page.getByTestId('chat-typing').evaluate(readsLeftToRight, 'is typing'), true,
      'the bidi override in her name stays inside the name: "is typing" still reads left to right');
    await m.page.keyboard.press('Enter');
    const row = await messageShown(a.page, 'hello');
    assert.equal(row.sender, name);
  });

  await step('Chen sends every payload: both pages show each as its literal text, nothing injected', async () => {
    for (const text of payloads) {
      await sendChat(a.page, text);
      await messageShown(a.page, text, { what: `${JSON.stringify(text)} on Chen's page` });
    }
    for (const u of [a, m]) {
      const rows = await waitUntil(`every payload on ${u.name}'s page`, () => chatRows(u.page),
        (r) => payloads.every((t) => r.filter((x) => x.text === t).length === 1));
      log(`${u.name} shows ${rows.length} messages`);
      const found = await u.page.evaluate(injected);
      assert.ok(clean(found), `${u.name}'s page: ${JSON.stringify(found)}`);
      // the one well-formed https URL is a link (so links do work), javascript: is only text
      const links = await u.page.getByTestId('chat-link').evaluateAll((as) => as.map((x) => x.href));
      assert.deepEqual(links, ['https://example.com/page?q=1']);
      const jsRow = u.page.locator('[data-testid=chat-message]').filter({ hasText: 'javascript:alert(1)' });
      assert.equal(await jsRow.locator('a').count(), 0, 'javascript:alert(1) is not an anchor');
      // the right-to-left override stays inside its message: the sender and time before it read left to right
      const rtl = payloads.find((t) => t.includes('\u202E'));
      const rtlRow = u.page.locator('[data-testid=chat-message]').filter({ hasText: rtl });
      assert.equal(await rtlRow.getByTestId('chat-text').textContent(), rtl);
      assert.equal(await rtlRow.getByTestId('chat-text').evaluate(readsLeftToRight, 'Invoice'), true);
    }
  });

  await step("Mallory sends a file named with markup: both pages show the name as text, nothing injected", async () => {
    const fileName = '<img src=x onerror=alert(7)>.txt';
    await m.page.getByTestId('chat-attach-input').setInputFiles({ name: fileName, mimeType: 'text/plain',
      buffer: Buffer.from('notes\n') });
    await m.page.getByTestId('chat-attach-ready').waitFor({ timeout: 10_000 });
    await m.page.getByTestId('chat-send').click();
    for (const u of [a, m]) {
      const link = u.page.locator('[data-testid=chat-attachment-link] .chat-attachment-name').filter({ hasText: fileName });
      await link.first().waitFor({ timeout: 10_000 });
      assert.equal(await link.first().textContent(), fileName, `${u.name}'s page shows the file name as its text`);
      const found = await u.page.evaluate(injected);
      assert.ok(clean(found), `${u.name}'s page: ${JSON.stringify(found)}`);
    }
  });

  await step('a 1 MB message is refused by the page with a clear message, and a 4,001-character one by the server', async () => {
    const input = a.page.getByTestId('chat-input');
    const before = events(a.framesOut, 'chat_message').length;
    await input.fill('x'.repeat(1024 * 1024));
    const counter = a.page.getByTestId('chat-counter');
    await waitUntil('the counter over the limit', () => counter.getAttribute('data-over'), (v) => v === 'true');
    assert.equal((await counter.textContent()).trim(), '1,048,576 / 4,000');
    assert.equal(await a.page.getByTestId('chat-send').isDisabled(), true);
    const tooLong = a.page.getByTestId('chat-too-long');
    await tooLong.waitFor({ timeout: 2000 });
    assert.match(await tooLong.textContent(), /at most 4,000 characters/);
    await input.press('Enter');
    await waitUntil('nothing sent', async () => events(a.framesOut, 'chat_message').length, (n) => n === before,
      { timeout: 500 });
    await input.fill('');
    // the server's own limit, from the page's socket on /ws-test
    await a.page.getByTestId('nav-ws-test').click();
    await a.page.getByTestId('ws-event').fill('chat_message');
    await a.page.getByTestId('ws-payload').fill(JSON.stringify({ roomId: 'lobby', text: 'y'.repeat(4001),
      clientMessageId: `too-long-${Date.now()}` }));
    await a.page.getByTestId('ws-emit').click();
    const ack = await waitUntil('the answer', () => a.page.getByTestId('ws-ack-result').textContent(),
      (t) => t && t !== 'waiting…');
    log(`answer: ${ack}`);
    const parsed = JSON.parse(ack);
    assert.equal(parsed.ok, false);
    assert.equal(parsed.error, 'invalid');
    assert.match(parsed.message, /at most 4000 characters/);
    const sent = events(a.framesOut, 'chat_message').filter((e) => e.data?.text?.length === 4001);
    assert.equal(acksFor(a.framesIn, sent)[0]?.data?.error, 'invalid');
  });

  await step('Chen opens a private conversation with Mallory: the list and the title show her name as text', async () => {
    await a.page.goto(`/chat?dm=${params.malloryId}`);
    await waitUntil('the conversation', () => a.page.getByTestId('chat-room').getAttribute('data-join'),
      (j) => j === 'joined');
    await waitUntil('the title', () => a.page.getByTestId('chat-room-title').textContent(), (t) => t === name);
    const listed = a.page.locator('[data-testid=chat-room-list] [data-kind=dm] .chat-room-name');
    await waitUntil('the room list entry', () => listed.allTextContents(), (t) => t.includes(name));
    const found = await a.page.evaluate(injected);
    assert.ok(clean(found), JSON.stringify(found));
  });

  await step("the exam's title (markup) names its chat room and heads the candidate's page, as text", async () => {
    const roomId = `session-${params.sessionId}`;
    await openChat(a.page, roomId);
    await waitUntil('the room title', () => a.page.getByTestId('chat-room-title').textContent(), (t) => t === params.title);
    assert.equal((await a.page.getByTestId(`chat-room-${roomId}`).locator('.chat-room-name').textContent()), params.title);
    let found = await a.page.evaluate(injected);
    assert.ok(clean(found), JSON.stringify(found));
    await openCandidateSession(a.page, params.sessionId, params.title);
    found = await a.page.evaluate(injected);
    assert.ok(clean(found), JSON.stringify(found));
  });

  return { csp };
});
