import { describe, expect, it } from 'vitest';
import { asAttachment, checkFile, displayName, formatBytes, uploadErrorText, uploadUrl, UNSUPPORTED_TEXT } from './chatAttachments';

describe('formatBytes', () => {
  it('uses units of 1024 with one decimal below 10', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.0 KB');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(20_000)).toBe('20 KB');
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MB');
    expect(formatBytes(9.84 * 1024 * 1024)).toBe('9.8 MB');
    expect(formatBytes(1024 * 1024 - 1)).toBe('1 MB');
    expect(formatBytes(-1)).toBe('');
  });
});

describe('displayName', () => {
  it('keeps short names and cuts long ones in the middle, keeping the extension', () => {
    expect(displayName('chart.png')).toBe('chart.png');
    const cut = displayName('a-very-long-report-name-for-the-speaking-test-2024.pdf', 30);
    expect(Array.from(cut)).toHaveLength(30);
    expect(cut.startsWith('a-very-long-report')).toBe(true);
    expect(cut.endsWith('2024.pdf')).toBe(true);
    expect(cut).toContain('…');
  });

  it('never splits a character made of two code units', () => {
    const cut = displayName('🎤'.repeat(50), 11);
    expect(Array.from(cut).filter((c) => c !== '…').every((c) => c === '🎤')).toBe(true);
  });
});

describe('asAttachment', () => {
  it('takes the server metadata and refuses links elsewhere', () => {
    const good = { id: 'a1', name: '<b>x</b>.txt', size: 3, contentType: 'text/plain; charset=utf-8', url: '/api/chat/attachments/a1' };
    expect(asAttachment(good)).toEqual(good);
    expect(asAttachment({ ...good, url: 'javascript:alert(1)' })).toBeNull();
    expect(asAttachment({ ...good, url: 'https://evil.example/a1' })).toBeNull();
    expect(asAttachment({ ...good, id: '' })).toBeNull();
    expect(asAttachment(null)).toBeNull();
    expect(asAttachment({ ...good, name: '', size: -5 })).toMatchObject({ name: 'attachment', size: 0 });
  });
});

describe('checks and errors', () => {
  it('refuses empty and oversized files before uploading', () => {
    expect(checkFile(0, 1024)).toBe('The file is empty.');
    expect(checkFile(2048, 1024)).toBe('Too large: 2.0 KB; files up to 1.0 KB can be sent.');
    expect(checkFile(1024, 1024)).toBeNull();
  });

  it('says why the server refused', () => {
    expect(uploadErrorText(413, 'too_large', 'the request body is too large', 10 * 1024 * 1024)).toBe('Too large: files up to 10 MB can be sent.');
    expect(uploadErrorText(415, 'unsupported_media_type', 'x', 0)).toBe(UNSUPPORTED_TEXT);
    expect(uploadErrorText(403, 'muted', 'you are muted in this room', 0)).toBe('You are muted in this room');
    expect(uploadErrorText(0, undefined, undefined, 0)).toContain('cut off');
    expect(uploadErrorText(403, 'forbidden', 'join the room first', 0)).toBe('join the room first');
  });

  it('puts the room and the name in the query, encoded', () => {
    expect(uploadUrl('dm-a-b', 'r&d notes?.txt')).toBe('/api/chat/attachments?roomId=dm-a-b&name=r%26d%20notes%3F.txt');
  });
});
