'use strict';
// What the server refuses, as a user would meet it:
//  1. a candidate emitting start_test (from the /ws-test page) gets "forbidden", and nothing changes;
//  2. a forged token (its claims edited to "admin", the signature left as it was) is refused: the page signs the
//     user out with a clear message, and nothing is served with it;
//  3. an expired token (the test clock moved 8 days on, beyond the refresh token too) is refused when the socket
//     reconnects after a network blip: "Your session has expired, please sign in again."
const {
  assert, params, log, ask, waitUntil, step, scenarioMain, text, openCandidateSession, openExaminerSession, countdown,
} = require('../lib/e2e.cjs');

const { sessionId, title } = params;
const EXPIRED = 'Your session has expired, please sign in again.';
const INVALID = 'Your session is invalid or has expired, please sign in again.';

/** The login response with its token's claims edited (role admin) and no refresh cookie. */
async function forgeLogin(context, forged) {
  await context.route('**/api/auth/login', async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    const [header, payload, signature] = body.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    forged.original = claims;
    const edited = { ...claims, role: 'admin' };
    body.accessToken = [header, Buffer.from(JSON.stringify(edited)).toString('base64url'), signature].join('.');
    // route.fetch() stored the refresh cookie in the context: take it away, so that nothing can heal the token
    await context.clearCookies();
    const headers = Object.fromEntries(Object.entries(response.headers()).filter(([k]) => k !== 'set-cookie'
      && k !== 'content-length'));
    await route.fulfill({ status: response.status(), headers, body: JSON.stringify(body) });
  });
}

scenarioMain(async (run) => {
  const examiner = await run.user('examiner', { baseURL: params.appUrl, username: 'examiner',
    password: params.passwords.examiner });
  const candidate = await run.user('candidate', { baseURL: params.candidateUrl, username: 'candidate1',
    password: params.passwords.candidate1 });

  await step('both have the session open; it is Scheduled', async () => {
    await openCandidateSession(candidate.page, sessionId, title);
    await openExaminerSession(examiner.page, sessionId, title);
    for (const u of [candidate, examiner]) {
      await waitUntil(`${u.name}'s badge`, () => text(u.page, 'status-badge'), (t) => t === 'Scheduled');
    }
  });

  const ack = await step('the candidate emits start_test from /ws-test: forbidden', async () => {
    await candidate.page.getByTestId('nav-ws-test').click();
    await waitUntil('the /ws-test page to be connected', () => candidate.page.getByTestId('ws-status')
      .getAttribute('data-connected'), (c) => c === 'true');
    await candidate.page.getByTestId('ws-event').fill('start_test');
    await candidate.page.getByTestId('ws-payload').fill(JSON.stringify({ sessionId }));
    await candidate.page.getByTestId('ws-emit').click();
    const answer = await waitUntil('the acknowledgement', () => text(candidate.page, 'ws-ack-result'),
      (t) => t && t.startsWith('{'));
    log(`start_test answered ${answer}`);
    const parsed = JSON.parse(answer);
    assert.equal(parsed.ok, false);
    assert.equal(parsed.error, 'forbidden');
    return parsed;
  });

  await step('nothing changed', async () => {
    const { session } = await ask('session', { id: sessionId });
    assert.equal(session.status, 'Scheduled');
    assert.equal(session.lastSeq, 0, 'a session event was stored');
    assert.equal(await text(examiner.page, 'status-badge'), 'Scheduled');
    await candidate.page.getByTestId('nav-candidate').click();
    await openCandidateSession(candidate.page, sessionId, title);
    await waitUntil('the candidate\'s badge', () => text(candidate.page, 'status-badge'), (t) => t === 'Scheduled');
    // joined again: the timer of the join_session answer counts down to the start
    await waitUntil('the candidate\'s countdown to the start', () => countdown(candidate.page),
      (c) => c && c.mode === 'start');
  });

  const forged = {};
  const mallory = await step('a forged token is refused with a clear message', async () => {
    const user = await run.user('forger', { baseURL: params.candidateUrl, username: 'candidate1',
      password: params.passwords.candidate1, signIn: false, prepare: (context) => forgeLogin(context, forged) });
    await user.page.getByTestId('login-username').fill('candidate1');
    await user.page.getByTestId('login-password').fill(params.passwords.candidate1);
    await user.page.getByTestId('login-submit').click();
    const message = await waitUntil('the sign-in message', () => user.page.getByTestId('auth-message')
      .textContent({ timeout: 1000 }), (t) => t === INVALID || t === EXPIRED, { timeout: 15_000 });
    log(`the forger sees "${message}" at ${user.page.url()}`);
    await waitUntil('the forger to be back at /login', async () => new URL(user.page.url()).pathname,
      (p) => p === '/login');
    assert.equal(await user.page.getByTestId('current-user').count(), 0, 'still signed in');
    assert.equal(forged.original.role, 'candidate');
    // the socket got no connection with it either: its CONNECT, if the page sent it before signing out, was refused
    const answers = user.socketIn.filter((m) => /^4[04]/.test(m) || m.includes('\x1e4'));
    log(`Socket.IO CONNECT answers: ${JSON.stringify(answers)}`);
    assert.ok(!user.socketIn.some((m) => m.includes('40{"sid"')), 'the socket connected with the forged token');
    assert.ok(answers.every((m) => m.includes('"reason":"invalid_token"')), 'refused for another reason');
    // every call made with the forged token was refused
    const withToken = user.responses.filter((r) => r.url.includes('/api/') && !r.url.includes('/api/auth/')
      && !r.url.includes('/api/config'));
    log(`calls with the forged token: ${JSON.stringify(withToken.map((r) => `${r.status} ${r.method} ${r.url}`))}`);
    assert.ok(withToken.length > 0, 'the page made no call with the token');
    assert.ok(withToken.every((r) => r.status === 401), 'a call with the forged token was served');
    return message;
  });

  const expired = await step('an expired token is refused on reconnection with a clear message', async () => {
    await ask('advanceClock', { ms: 8 * 24 * 3600 * 1000 });
    await ask('cutNetwork', { ms: 500 });
    const message = await waitUntil('the sign-in message', () => candidate.page.getByTestId('auth-message')
      .textContent({ timeout: 1000 }), (t) => Boolean(t), { timeout: 20_000 });
    log(`the candidate sees "${message}" at ${candidate.page.url()}`);
    assert.equal(message, EXPIRED);
    await waitUntil('the candidate to be back at /login', async () => new URL(candidate.page.url()).pathname,
      (p) => p === '/login');
    return message;
  });

  return { forbidden: ack, forgedMessage: mallory, expiredMessage: expired };
});
