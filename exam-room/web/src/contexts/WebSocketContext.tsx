/**
 * Seed 003's WebSocketContext: the one place components get real-time data and actions from
 * (components → useWebSocket() → socketService → server). Besides the connection it keeps what every page shares:
 * broadcast notices (critical ones until dismissed), the notification bar's latest message, help requests,
 * candidates' presence and published results; and it runs the REST alerts fallback while the socket is down.
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import * as socketService from '../services/socketService';
import { ALERT_POLL_MS, fetchAlerts } from '../services/alerts';
import { needsAlertFallback, type ConnectionState } from '../lib/connectionState';
import { monotonicNow, serverClock } from '../lib/clock';
import { useAuth } from './AuthContext';
import { useChatBackground } from '../hooks/useChatBackground';
import type { PresenceStatus } from '../lib/chatTypes';
import {
  asSeverity,
  type Ack,
  type HelpRequest,
  type Id,
  type Notice,
  type PresenceEvent,
  type ResultPayload,
  type Severity,
} from '../types';

export interface Notification {
  text: string;
  severity: Severity;
  source: 'update' | 'notice' | 'admin_message';
  key: number;
}

export interface PresenceInfo {
  connected: boolean;
  /** server time of the change, when known */
  since: number | null;
  /** monotonic time the information arrived */
  receivedAt: number;
}

export interface HelpAlert extends HelpRequest {
  key: number;
  receivedAt: number;
}

interface WebSocketContextValue {
  connection: ConnectionState;
  isConnected: boolean;
  connect(): void;
  disconnect(): void;
  retryNow(): void;
  /** emits with an acknowledgement; `{ok:false, error:"offline"}` when not connected */
  emit<T = Ack>(event: string, payload?: unknown): Promise<T>;
  /** seed 003's sendMessage({type, data}) */
  sendMessage(message: { type: string; data?: unknown }): Promise<Ack>;
  subscribe(event: string, handler: socketService.EventHandler): () => void;
  onConnect(listener: () => void): () => void;
  notices: Notice[];
  dismissNotice(id: Id): void;
  notification: Notification | null;
  presence: Record<string, PresenceInfo>;
  setPresence(sessionId: Id, info: { connected: boolean; since?: number | null }): void;
  helpAlerts: HelpAlert[];
  clearHelpAlert(key: number): void;
  results: Record<string, ResultPayload>;
  /** the chat's presence by user id (online, away; absent or offline when not connected) */
  chatPresence: Record<string, PresenceStatus>;
}

const WebSocketContext = createContext<WebSocketContextValue | null>(null);

let keySeq = 0;

export function WebSocketProvider({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const connection = useSyncExternalStore(socketService.subscribeState, socketService.getState, socketService.getState);
  const [notices, setNotices] = useState<Notice[]>([]);
  const [notification, setNotification] = useState<Notification | null>(null);
  const [presence, setPresenceMap] = useState<Record<string, PresenceInfo>>({});
  const [helpAlerts, setHelpAlerts] = useState<HelpAlert[]>([]);
  const [results, setResults] = useState<Record<string, ResultPayload>>({});
  const dismissed = useRef(new Set<string>());
  const pendingDismiss = useRef(new Set<string>());
  const knownNotices = useRef(new Set<string>());
  const alertsSince = useRef<Id | null>(null);
  const chatPresence = useChatBackground(user ? String(user.id) : null);

  /** The alerts fallback asks only for what came after the newest notice or message seen live. */
  const advanceSince = useCallback((id: unknown) => {
    const n = Number(id);
    if (!Number.isFinite(n)) return;
    const cur = alertsSince.current === null ? NaN : Number(alertsSince.current);
    if (!(n <= cur)) alertsSince.current = n;
  }, []);

  const notify = useCallback((text: unknown, severity: unknown, source: Notification['source']) => {
    if (typeof text !== 'string' || !text) return;
    setNotification({ text, severity: asSeverity(severity), source, key: ++keySeq });
  }, []);

  const addNotice = useCallback(
    (n: Notice) => {
      const id = String(n.id);
      // Each notice once: a late-joiner copy on reconnect or a REST copy is not shown again.
      if (dismissed.current.has(id) || knownNotices.current.has(id)) return;
      knownNotices.current.add(id);
      setNotices((prev) => [...prev, n]);
      notify(n.text, n.severity, 'notice');
    },
    [notify],
  );

  // Connect while signed in; a different user gets a fresh connection (and fresh history).
  const userKey = user ? `${user.id}:${user.role}` : null;
  useEffect(() => {
    if (!userKey) {
      socketService.reset();
      setNotices([]);
      setHelpAlerts([]);
      setResults({});
      setPresenceMap({});
      setNotification(null);
      dismissed.current.clear();
      knownNotices.current.clear();
      alertsSince.current = null;
      return;
    }
    socketService.connect();
  }, [userKey]);

  // Events every page shares.
  useEffect(() => {
    const offs = [
      socketService.on('update', (p) => notify(p?.message, p?.severity, 'update')),
      socketService.on('notice', (p) => {
        if (!p || p.id === undefined) return;
        serverClock.observe(p.serverTime);
        advanceSince(p.id);
        const severity = asSeverity(p.severity);
        addNotice({ ...p, severity, sticky: p.sticky ?? severity === 'critical' });
      }),
      socketService.on('admin_message', (p, meta) => {
        if (meta.source === 'socket') advanceSince(p?.id);
        if (meta.source !== 'replay') notify(p?.text, p?.severity, 'admin_message');
      }),
      socketService.on('help_requested', (p: HelpRequest) => {
        serverClock.observe(p?.serverTime);
        setHelpAlerts((prev) => [...prev, { ...p, key: ++keySeq, receivedAt: monotonicNow() }]);
      }),
      socketService.on('presence', (p: PresenceEvent & { serverTime?: number }) => {
        if (!p || p.sessionId === undefined) return;
        serverClock.observe(p.serverTime);
        setPresenceMap((prev) => ({
          ...prev,
          [String(p.sessionId)]: {
            connected: Boolean(p.connected),
            since: typeof p.since === 'number' ? p.since : null,
            receivedAt: monotonicNow(),
          },
        }));
      }),
      socketService.on('result_published', (p: ResultPayload) => {
        if (!p || p.sessionId === undefined) return;
        setResults((prev) => ({ ...prev, [String(p.sessionId)]: p }));
      }),
      socketService.on('timer_update', (p) => serverClock.observe(p?.serverTime)),
      socketService.on('test_status', (p) => serverClock.observe(p?.serverTime)),
      socketService.onConnect(() => {
        for (const id of [...pendingDismiss.current]) {
          const noticeId = Number.isFinite(Number(id)) ? Number(id) : id;
          void socketService.emitWithAck('dismiss_notice', { noticeId }).then((ack) => {
            if ((ack as Ack).ok) pendingDismiss.current.delete(id);
          });
        }
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [notify, addNotice, advanceSince]);

  // REST fallback: while the socket is down, poll for critical notices and the sessions' admin messages.
  const fallback = Boolean(user) && needsAlertFallback(connection);
  useEffect(() => {
    if (!fallback) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    // Server time when the socket went away: a first poll without a known id keeps only what is newer (the REST
    // answer does not know which notices were dismissed); if the socket never connected, only critical notices.
    const outageStart = serverClock.serverNow();
    const poll = async () => {
      try {
        const first = alertsSince.current === null;
        const parsed = await fetchAlerts(alertsSince.current);
        if (stopped) return;
        alertsSince.current = parsed.since;
        parsed.notices
          .filter((n) => !first || (outageStart !== null ? (n.serverTime ?? Infinity) >= outageStart - 5000 : n.severity === 'critical'))
          .forEach(addNotice);
        for (const m of parsed.adminMessages) socketService.deliverLocal('admin_message', m, 'rest');
      } catch {
        // the server is unreachable too: try again later
      }
      if (!stopped) timer = setTimeout(poll, ALERT_POLL_MS);
    };
    void poll();
    const onOnline = () => {
      if (timer) clearTimeout(timer);
      void poll();
    };
    window.addEventListener('online', onOnline);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      window.removeEventListener('online', onOnline);
    };
  }, [fallback, addNotice]);

  const dismissNotice = useCallback((id: Id) => {
    const key = String(id);
    dismissed.current.add(key);
    setNotices((prev) => prev.filter((n) => String(n.id) !== key));
    setNotification((prev) => (prev && prev.source === 'notice' && prev.severity === 'critical' ? null : prev));
    void socketService.emitWithAck('dismiss_notice', { noticeId: id }).then((ack) => {
      if (!(ack as Ack).ok && (ack as Ack).error === 'offline') pendingDismiss.current.add(key);
    });
  }, []);

  const setPresence = useCallback((sessionId: Id, info: { connected: boolean; since?: number | null }) => {
    setPresenceMap((prev) => ({
      ...prev,
      [String(sessionId)]: { connected: info.connected, since: info.since ?? null, receivedAt: monotonicNow() },
    }));
  }, []);

  const clearHelpAlert = useCallback((key: number) => setHelpAlerts((prev) => prev.filter((h) => h.key !== key)), []);

  const value = useMemo<WebSocketContextValue>(
    () => ({
      connection,
      isConnected: connection.phase === 'connected' || connection.phase === 'restored',
      connect: socketService.connect,
      disconnect: socketService.disconnect,
      retryNow: socketService.retryNow,
      emit: socketService.emitWithAck,
      sendMessage: (m) => socketService.emitWithAck(m.type, m.data),
      subscribe: socketService.on,
      onConnect: socketService.onConnect,
      notices,
      dismissNotice,
      notification,
      presence,
      setPresence,
      helpAlerts,
      clearHelpAlert,
      results,
      chatPresence,
    }),
    [connection, notices, dismissNotice, notification, presence, setPresence, helpAlerts, clearHelpAlert, results, chatPresence],
  );

  return <WebSocketContext.Provider value={value}>{children}</WebSocketContext.Provider>;
}

export function useWebSocket(): WebSocketContextValue {
  const ctx = useContext(WebSocketContext);
  if (!ctx) throw new Error('useWebSocket() outside <WebSocketProvider>');
  return ctx;
}
