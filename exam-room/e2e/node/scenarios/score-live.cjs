'use strict';
// The examiner scores the test and publishes the result: the candidate, on their page, sees the overall band appear
// live (no reload), rounded the IELTS way (7, 6, 6, 6 → 6.25 → 6.5); a score saved but not published stays hidden.
const {
  assert, params, log, waitUntil, holdsFor, step, scenarioMain, text, openCandidateSession, openExaminerSession,
} = require('../lib/e2e.cjs');

const { sessionId, title } = params;
const SCORES = { fluency: 7, lexical: 6, grammar: 6, pronunciation: 6 };

scenarioMain(async (run) => {
  const examiner = await run.user('examiner', { baseURL: params.appUrl, username: 'examiner',
    password: params.passwords.examiner });
  const candidate = await run.user('candidate', { baseURL: params.candidateUrl, username: 'candidate1',
    password: params.passwords.candidate1 });
  let navigations = 0;
  candidate.page.on('framenavigated', (f) => {
    if (f === candidate.page.mainFrame()) navigations++;
  });

  await step('the test is under way', async () => {
    await openCandidateSession(candidate.page, sessionId, title);
    await openExaminerSession(examiner.page, sessionId, title);
    await examiner.page.getByTestId('examiner-start').click();
    await waitUntil('the candidate\'s badge', () => text(candidate.page, 'status-badge'),
      (t) => t === 'In Progress – Part 1');
  });

  await step('the examiner enters the four bands and saves: 6.5 overall, not published', async () => {
    for (const [criterion, band] of Object.entries(SCORES)) {
      await examiner.page.getByTestId(`score-${criterion}`).fill(String(band));
    }
    assert.equal(await text(examiner.page, 'score-overall'), '6.5');
    await examiner.page.getByTestId('score-submit').click();
    await waitUntil('the save to be acknowledged', () => text(examiner.page, 'score-message'),
      (t) => t === 'Score saved (overall 6.5), not yet published.');
    await holdsFor('no result on the candidate\'s page before publishing', 500,
      () => candidate.page.getByTestId('result-band').count(), (n) => n === 0);
  });

  const latencyMs = await step('the examiner publishes: the candidate sees 6.5 live', async () => {
    const before = navigations;
    const t0 = Date.now();
    await examiner.page.getByTestId('publish-result').click();
    await waitUntil('the band on the candidate\'s page', () => candidate.page.getByTestId('result-band').count(),
      (n) => n === 1, { timeout: 3000, interval: 20 });
    const latency = Date.now() - t0;
    log(`the band appeared ${latency} ms after the click`);
    assert.equal(await text(candidate.page, 'result-band'), '6.5');
    assert.equal(navigations, before, 'the candidate\'s page was reloaded');
    await waitUntil('the examiner to see it published', () => text(examiner.page, 'score-message'),
      (t) => t === 'Result published to the candidate.');
    await waitUntil('the examiner\'s page to show the published band', () => examiner.page
      .locator('.result [data-testid=result-band]').allTextContents(), (l) => l.length === 1 && l[0] === '6.5');
    await holdsFor('the examiner\'s confirmation to stay', 1000, () => examiner.page.getByTestId('score-message')
      .allTextContents(), (l) => l.length === 1 && l[0] === 'Result published to the candidate.');
    return latency;
  });

  return { latencyMs, band: await text(candidate.page, 'result-band') };
});
