/** The recorder's container and codec, best first: Opus in WebM (Chromium, Firefox), then Ogg. */
export const PREFERRED_AUDIO_TYPES = ['audio/webm;codecs=opus', 'audio/webm', 'audio/ogg;codecs=opus', 'audio/ogg'];

/** The first type MediaRecorder supports here, or '' to let the browser choose. */
export function chooseRecorderType(isTypeSupported: ((type: string) => boolean) | undefined): string {
  if (!isTypeSupported) return '';
  return PREFERRED_AUDIO_TYPES.find((t) => isTypeSupported(t)) ?? '';
}

/** The root mean square of audio samples (−1..1), scaled to 0..1 for a level meter. */
export function levelOf(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i] * samples[i];
  const rms = Math.sqrt(sum / samples.length);
  return Math.min(1, rms * 4);
}
