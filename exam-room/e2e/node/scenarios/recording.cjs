'use strict';
// A 30 s recording made in 5 s chunks, with the candidate's network cut for 10 s in the middle, plays back on the
// examiner's page with a duration of 30 s ± 1 s: the chunks that failed during the cut were kept and sent again, in
// order, none lost and none twice. The microphone is Chromium's fake device (a beeping tone).
const {
  assert, params, log, ask, sleep, waitUntil, step, scenarioMain, text, openCandidateSession, openExaminerSession,
} = require('../lib/e2e.cjs');

const { sessionId, title } = params;
const RECORD_MS = 30_000;
const CUT_AT_MS = 10_000;
const CUT_MS = 10_000;

const recorder = (page) => page.getByTestId('recorder-status').evaluate((e) => ({ state: e.dataset.state,
  acknowledged: Number(e.dataset.acknowledged), pending: Number(e.dataset.pending), text: e.textContent }));

/**
 * The recording's duration on the examiner's page: its <audio> element's, and that of the audio the page received
 * (`base64`, the bytes of its GET .../recording), decoded by the Web Audio API. (The page's CSP does not let a script
 * fetch the player's blob: URL, so the bytes come from the response itself.)
 */
function measureDuration(base64) {
  const audio = document.querySelector('[data-testid=recording-player]');
  const elementDuration = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no finite duration (readyState ${audio.readyState}, duration `
      + `${audio.duration})`)), 15_000);
    const done = () => {
      if (Number.isFinite(audio.duration)) {
        clearTimeout(timer);
        const d = audio.duration;
        audio.currentTime = 0;
        resolve(d);
      }
    };
    audio.addEventListener('durationchange', done);
    const seekToEnd = () => {
      // a WebM from MediaRecorder carries no duration: the element knows it once it has seeked to the end
      if (Number.isFinite(audio.duration)) done();
      else audio.currentTime = 1e9;
    };
    if (audio.readyState >= 1) seekToEnd();
    else audio.addEventListener('loadedmetadata', seekToEnd, { once: true });
  });
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const decoded = new OfflineAudioContext(1, 1, 48_000).decodeAudioData(bytes.buffer).then((b) => b.duration);
  return Promise.all([elementDuration, decoded]).then(([element, audioData]) => ({ element, decoded: audioData }));
}

scenarioMain(async (run) => {
  const examiner = await run.user('examiner', { baseURL: params.appUrl, username: 'examiner',
    password: params.passwords.examiner });
  const candidate = await run.user('candidate', { baseURL: params.candidateUrl, username: 'candidate1',
    password: params.passwords.candidate1 });

  await step('the examiner starts the test; the candidate checks the microphone', async () => {
    await openCandidateSession(candidate.page, sessionId, title);
    await openExaminerSession(examiner.page, sessionId, title);
    await examiner.page.getByTestId('examiner-start').click();
    await waitUntil('the candidate\'s badge', () => text(candidate.page, 'status-badge'),
      (t) => t === 'In Progress – Part 1');
    await candidate.page.getByTestId('mic-check').click();
    await waitUntil('the microphone level to move', () => candidate.page.getByTestId('mic-level')
      .getAttribute('data-level'), (l) => Number(l) > 0.02);
  });

  const uploadIssues = [];
  const stats = await step('30 s of recording, the network cut from 10 s to 20 s', async () => {
    await candidate.page.getByTestId('recorder-start').click();
    await waitUntil('the recorder to run', () => recorder(candidate.page), (r) => r.state === 'recording');
    const t0 = Date.now();
    await waitUntil('the first chunk to be acknowledged', () => recorder(candidate.page), (r) => r.acknowledged >= 1,
      { timeout: CUT_AT_MS });
    await sleep(CUT_AT_MS - (Date.now() - t0)); // the scenario's timeline
    await ask('cutNetwork', { ms: CUT_MS });
    const cutAt = Date.now();
    const during = await waitUntil('the uploader to notice the cut', () => recorder(candidate.page),
      (r) => r.pending >= 1 && /connection problem, retrying/.test(r.text), { timeout: CUT_MS });
    log(`during the cut: ${during.text}`);
    uploadIssues.push(during.text);
    await sleep(RECORD_MS - (Date.now() - t0));
    assert.ok(Date.now() - cutAt >= CUT_MS, 'the recording ended before the cut did');
    await candidate.page.getByTestId('recorder-stop').click();
    const recordedMs = Date.now() - t0;
    log(`recorded for ${recordedMs} ms`);
    const done = await waitUntil('every chunk to be acknowledged and the recording completed',
      () => recorder(candidate.page), (r) => r.state === 'complete' || r.state === 'failed', { timeout: 45_000 });
    assert.equal(done.state, 'complete', done.text);
    assert.equal(done.pending, 0);
    log(`candidate: ${done.text}`);
    return { recordedMs, chunks: done.acknowledged };
  });

  const duration = await step('the examiner plays it back: 30 s ± 1 s', async () => {
    // the bytes the page receives, taken as they pass (the page keeps them in a Blob behind a blob: URL)
    const received = {};
    await examiner.page.route(`**/api/sessions/${sessionId}/recording`, async (route) => {
      const response = await route.fetch();
      received.status = response.status();
      received.type = response.headers()['content-type'];
      received.body = await response.body();
      await route.fulfill({ response, body: received.body });
    });
    await examiner.page.getByTestId('recording-load').click();
    await waitUntil('the recording to load', () => examiner.page.getByTestId('recording-state')
      .getAttribute('data-state'), (s) => s === 'loaded' || s === 'error');
    assert.equal(await examiner.page.getByTestId('recording-player').getAttribute('data-state'), 'loaded',
      await text(examiner.page, 'recording-state'));
    assert.equal(received.status, 200);
    if (params.artifactsDir) {
      require('fs').writeFileSync(require('path').join(params.artifactsDir, 'recording.webm'), received.body);
    }
    const measured = { ...(await examiner.page.evaluate(measureDuration, received.body.toString('base64'))),
      bytes: received.body.length, type: received.type };
    log(`duration: element ${measured.element} s, decoded ${measured.decoded} s; ${measured.bytes} bytes of `
      + `${measured.type} (${await text(examiner.page, 'recording-state')})`);
    for (const [how, d] of [['the player', measured.element], ['the decoded audio', measured.decoded]]) {
      assert.ok(Math.abs(d - RECORD_MS / 1000) <= 1, `${how} says ${d} s, not 30 s ± 1 s`);
    }
    return measured;
  });

  return { ...stats, duration, uploadIssues };
});
