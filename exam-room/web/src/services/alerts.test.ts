import { describe, expect, it } from 'vitest';
import { parseAlerts } from './alerts';

describe('parseAlerts', () => {
  it('splits notices and admin messages and remembers the last id', () => {
    const parsed = parseAlerts(
      {
        alerts: [
          { id: 7, type: 'notice', text: 'Fire drill at 10:00', severity: 'critical', serverTime: 1 },
          { id: 8, type: 'admin_message', data: { sessionId: 3, seq: 5, text: 'Please check your microphone', severity: 'warning' } },
          { id: 9, sessionId: 3, seq: 6, text: 'Thanks', severity: 'info' },
        ],
      },
      null,
    );
    expect(parsed.notices).toHaveLength(1);
    expect(parsed.notices[0]).toMatchObject({ id: 7, severity: 'critical', sticky: true });
    expect(parsed.adminMessages.map((m) => m.seq)).toEqual([5, 6]);
    expect(parsed.since).toBe(9);
  });

  it("reads the server's flat alerts: no session → notice, a session → message without seq", () => {
    const parsed = parseAlerts(
      {
        alerts: [
          { id: 3, sessionId: null, text: 'Evacuate', severity: 'critical', from: 'Admin', serverTime: 5, sticky: true },
          { id: 4, sessionId: 's1', text: 'Speak up', severity: 'warning', from: 'Examiner', serverTime: 6, sticky: false },
        ],
        serverTime: 7,
      },
      2,
    );
    expect(parsed.notices).toEqual([{ id: 3, text: 'Evacuate', severity: 'critical', from: 'Admin', serverTime: 5, sticky: true }]);
    expect(parsed.adminMessages).toHaveLength(1);
    expect(parsed.adminMessages[0]).toMatchObject({ id: 4, sessionId: 's1', text: 'Speak up' });
    expect(Number.isNaN(parsed.adminMessages[0].seq)).toBe(true);
    expect(parsed.since).toBe(4);
  });

  it('keeps the previous since when nothing came, and takes an explicit lastId', () => {
    expect(parseAlerts([], 4).since).toBe(4);
    expect(parseAlerts({ alerts: [], lastId: 12 }, 4).since).toBe(12);
  });
});
