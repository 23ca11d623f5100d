'use strict';
// The chat page for the scenarios (exam-room/web/README.md, "driving the chat in a browser test"): opening a room and
// waiting for the join, reading the messages, participants and typing line as the page shows them, making a tab
// away or active again, and reading the Socket.IO packets a page sent and received.

const { waitUntil } = require('./e2e.cjs');

const roomSelector = (roomId) => `[data-testid=chat-room][data-room-id="${roomId}"]`;

/** Opens /chat?room=<roomId> and waits until the room is joined (the input is usable from then on). */
async function openChat(page, roomId, { timeout = 10_000 } = {}) {
  await page.goto(`/chat?room=${encodeURIComponent(roomId)}`);
  await joined(page, roomId, timeout);
}

/** Waits for `[data-testid=chat-room][data-join=joined]` of `roomId`. */
async function joined(page, roomId, timeout = 10_000) {
  await page.locator(`${roomSelector(roomId)}[data-join=joined]`).waitFor({ timeout });
}

/** The messages as listed, oldest first: `{id, clientId, status, own, senderId, sender, text}`. */
function chatRows(page) {
  return page.locator('[data-testid=chat-message]').evaluateAll((items) => items.map((li) => ({
    id: li.dataset.messageId ? Number(li.dataset.messageId) : null,
    clientId: li.dataset.clientId || null,
    status: li.dataset.status,
    own: li.dataset.own === 'true',
    senderId: li.dataset.senderId,
    sender: li.querySelector('[data-testid=chat-sender]')?.textContent ?? '',
    text: li.querySelector('[data-testid=chat-text]')?.textContent ?? '',
    receipt: li.querySelector('[data-testid=chat-receipt]')?.textContent ?? null,
  })));
}

/** The participants as listed: `{userId, status, name, muted}`, and the list's `data-count`. */
async function participants(page) {
  const list = page.getByTestId('chat-participants');
  const count = Number(await list.getAttribute('data-count', { timeout: 2000 }));
  const people = await list.locator('[data-testid=chat-participant]').evaluateAll((items) => items.map((li) => ({
    userId: li.dataset.userId,
    status: li.dataset.status,
    muted: li.dataset.muted === 'true',
    name: li.querySelector('[data-testid=chat-participant-name]')?.firstChild?.textContent ?? '',
  })));
  return { count, people };
}

/** The typing line's text ("" when nobody types). */
async function typingLine(page) {
  return ((await page.getByTestId('chat-typing').textContent({ timeout: 2000 })) ?? '').trim();
}

/**
 * Makes the tab away (not focused: `set_presence away`, no `seen` receipts) or active again, without hiding it:
 * overrides document.hasFocus and dispatches blur / focus.
 */
async function setActive(page, active) {
  await page.evaluate((a) => {
    document.hasFocus = () => a;
    window.dispatchEvent(new Event(a ? 'focus' : 'blur'));
  }, active);
}

/** Types `text` into the composer and presses Enter. */
async function sendChat(page, text) {
  const input = page.getByTestId('chat-input');
  await input.fill(text);
  await input.press('Enter');
}

/**
 * A Socket.IO packet from a WebSocket frame's text: `{kind: 'event', name, args, ackId}`, `{kind: 'ack', ackId,
 * args}`, or null for anything else (pings, the handshake, binary).
 */
function packet(payload) {
  const m = /^4([23])(\d*)(\[.*)$/s.exec(payload);
  if (!m) return null;
  let data;
  try {
    data = JSON.parse(m[3]);
  } catch {
    return null;
  }
  const ackId = m[2] === '' ? null : Number(m[2]);
  if (m[1] === '2') return { kind: 'event', name: data[0], args: data.slice(1), ackId };
  return { kind: 'ack', ackId, args: data };
}

/**
 * The events named `name` among `frames` (a user's framesIn or framesOut, either transport), with the time each was
 * seen and its connection.
 */
function events(frames, name) {
  const out = [];
  for (const f of frames) {
    const p = packet(f.payload);
    if (p && p.kind === 'event' && p.name === name) out.push({ t: f.t, ackId: p.ackId, conn: f.conn, data: p.args[0] });
  }
  return out;
}

/** The acknowledgements among `framesIn` answering the events `sent` (from the same page's framesOut). */
function acksFor(framesIn, sent) {
  const wanted = new Set(sent.map((e) => `${e.conn} ${e.ackId}`));
  const out = [];
  for (const f of framesIn) {
    const p = packet(f.payload);
    if (p && p.kind === 'ack' && wanted.has(`${f.conn} ${p.ackId}`)) {
      out.push({ t: f.t, ackId: p.ackId, conn: f.conn, data: p.args[0] });
    }
  }
  return out;
}

/** Waits until the page's socket has moved to WebSocket (it sent the upgrade packet, 5, over one). */
async function onWebSocket(user, timeout = 10_000) {
  await waitUntil(`${user.name}'s socket on WebSocket`, () => user.framesOut.some((f) => f.transport === 'websocket'
    && f.payload === '5'), Boolean, { timeout });
}

/** Waits until the room shows a message with `text`; returns its row. */
async function messageShown(page, text, { timeout = 10_000, what } = {}) {
  const rows = await waitUntil(what ?? `"${text}" to show`, () => chatRows(page),
    (r) => r.some((row) => row.text === text), { timeout });
  return rows.find((row) => row.text === text);
}

module.exports = {
  openChat, joined, chatRows, participants, typingLine, setActive, sendChat, packet, events, acksFor, messageShown,
  onWebSocket,
};
