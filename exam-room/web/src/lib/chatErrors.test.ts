import { describe, expect, it } from 'vitest';
import { chatErrorText } from './chatErrors';

describe('chat error texts', () => {
  it('tells the sender they are sending too fast', () => {
    expect(chatErrorText('rate_limited', "You're sending too fast").text).toBe("You're sending too fast");
    expect(chatErrorText('rate_limited', undefined, 1200).text).toBe("You're sending too fast: wait 2 s");
  });

  it('reads the slow-mode wait from the server', () => {
    expect(chatErrorText('slow_mode', 'slow mode: wait 7 s').text).toBe('Slow mode is on: wait 7 s');
    expect(chatErrorText('muted').text).toBe('You are muted in this room');
  });
});
