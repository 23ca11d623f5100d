/**
 * The chat's part of the page-wide connection (used by WebSocketProvider, so it runs on every page, not only /chat):
 * - who is online, away or offline (`presence_snapshot` on connect, then `presence {userId, status}`; the exam
 *   session's `presence {sessionId, …}` is a different event and is left to WebSocketContext);
 * - this tab's own presence: `set_presence {status: "away"|"online"}` when the tab is hidden or loses the focus and
 *   when it comes back, and after every (re)connection (the server counts a new socket as online);
 * - `receipt {messageId, status: "delivered"}` for every message by someone else this socket receives (private
 *   messages reach every tab of the recipient, whatever page it shows).
 */
import { useEffect, useState } from 'react';
import * as socketService from '../services/socketService';
import { asMessage, asPresence, type PresenceStatus } from '../lib/chatTypes';
import { isPageActive, subscribePageActive } from './usePageActive';

const DELIVERED_MEMORY = 2000;
const PRESENCE_DEBOUNCE_MS = 200;

export function useChatBackground(userId: string | null): Record<string, PresenceStatus> {
  const [presence, setPresence] = useState<Record<string, PresenceStatus>>({});

  useEffect(() => {
    if (!userId) {
      setPresence({});
      return;
    }
    const delivered = new Set<number>();
    const offs = [
      socketService.on('presence_snapshot', (p) => {
        if (!p || typeof p !== 'object') return;
        const next: Record<string, PresenceStatus> = {};
        for (const [id, status] of Object.entries(p as Record<string, unknown>)) next[id] = asPresence(status);
        setPresence(next);
      }),
      socketService.on('presence', (p) => {
        if (!p || p.sessionId !== undefined || typeof p.userId !== 'string' || typeof p.status !== 'string') return;
        setPresence((prev) => (prev[p.userId] === p.status ? prev : { ...prev, [p.userId]: asPresence(p.status) }));
      }),
      socketService.on('message_received', (p) => {
        const m = asMessage(p);
        if (!m || m.sender.id === userId || m.deleted || delivered.has(m.id)) return;
        delivered.add(m.id);
        if (delivered.size > DELIVERED_MEMORY) delivered.delete(delivered.values().next().value as number);
        void socketService.emitWithAck('receipt', { messageId: m.id, status: 'delivered' });
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [userId]);

  useEffect(() => {
    if (!userId) return;
    // what the server believes about this socket: a new socket starts online
    let told: 'online' | 'away' = 'online';
    let timer: ReturnType<typeof setTimeout> | null = null;
    const sync = () => {
      timer = null;
      const want = isPageActive() ? 'online' : 'away';
      if (want === told || !socketService.isConnected()) return;
      told = want;
      void socketService.emitWithAck('set_presence', { status: want }).then((ack) => {
        if (!(ack as { ok?: boolean }).ok && told === want) told = want === 'online' ? 'away' : 'online';
      });
    };
    const schedule = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(sync, PRESENCE_DEBOUNCE_MS);
    };
    const offActive = subscribePageActive(schedule);
    const offConnect = socketService.onConnect(() => {
      told = 'online';
      sync();
    });
    schedule();
    return () => {
      offActive();
      offConnect();
      if (timer) clearTimeout(timer);
    };
  }, [userId]);

  return presence;
}
