/**
 * Seed 003's /ws-test page: connect, disconnect, emit any event with a JSON payload, and see every event with its
 * time and transport. It drives the page's one shared connection through the context, like every other component.
 */
import { useState, useSyncExternalStore, type FormEvent } from 'react';
import { useWebSocket } from '../contexts/WebSocketContext';
import { useAuth } from '../contexts/AuthContext';
import * as socketService from '../services/socketService';
import { Link } from '../router';

function timeOf(ms: number): string {
  const d = new Date(ms);
  return `${d.toLocaleTimeString([], { hour12: false })}.${d.getMilliseconds().toString().padStart(3, '0')}`;
}

function show(payload: unknown): string {
  if (payload === undefined) return '';
  try {
    return JSON.stringify(payload);
  } catch {
    return String(payload);
  }
}

export function WsTestPage() {
  const { connection, isConnected, connect, disconnect, emit } = useWebSocket();
  const { user } = useAuth();
  const log = useSyncExternalStore(socketService.subscribeLog, socketService.getLog, socketService.getLog);
  const [event, setEvent] = useState('timer_sync');
  const [payload, setPayload] = useState('{"sessionId": 1}');
  const [withAck, setWithAck] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [lastAck, setLastAck] = useState<string | null>(null);

  const send = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const name = event.trim();
    if (!name) {
      setError('Enter an event name.');
      return;
    }
    let data: unknown = undefined;
    if (payload.trim()) {
      try {
        data = JSON.parse(payload);
      } catch (err) {
        setError(`The payload is not valid JSON: ${err instanceof Error ? err.message : ''}`);
        return;
      }
    }
    if (!isConnected && !socketService.isConnected()) {
      setError('Not connected.');
      return;
    }
    if (withAck) {
      setLastAck('waiting…');
      const ack = await emit(name, data);
      setLastAck(show(ack));
    } else {
      socketService.emitRaw(name, data);
      setLastAck(null);
    }
  };

  return (
    <section className="page ws-test">
      <h1>WebSocket test</h1>
      {!user && (
        <p className="muted">
          Not signed in: the server will refuse the connection (missing token). <Link to="/login">Sign in</Link> first to test events.
        </p>
      )}
      <div className="button-row">
        <button type="button" onClick={connect} disabled={socketService.isConnected()} data-testid="ws-connect">
          Connect
        </button>
        <button type="button" onClick={disconnect} disabled={connection.phase === 'offline' && connection.offlineReason === 'manual'} data-testid="ws-disconnect">
          Disconnect
        </button>
        <span data-testid="ws-status" data-connected={String(socketService.isConnected())}>
          {socketService.isConnected() ? `Connected (id ${socketService.socketId() ?? '?'}, ${socketService.transportName()})` : 'Not connected'}
        </span>
      </div>
      <form className="panel ws-emit" onSubmit={send}>
        <label>
          Event
          <input type="text" value={event} onChange={(e) => setEvent(e.target.value)} data-testid="ws-event" list="ws-known-events" />
        </label>
        <datalist id="ws-known-events">
          {['join_session', 'leave_session', 'timer_sync', 'need_help', 'start_test', 'pause_test', 'resume_test', 'next_part', 'extend_time', 'abort_test', 'admin_message', 'broadcast_notice', 'dismiss_notice', 'score_test', 'publish_result'].map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        <label>
          Payload (JSON)
          <textarea value={payload} onChange={(e) => setPayload(e.target.value)} rows={4} spellCheck={false} data-testid="ws-payload" />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={withAck} onChange={(e) => setWithAck(e.target.checked)} data-testid="ws-ack" /> Wait for the acknowledgement
        </label>
        <button type="submit" data-testid="ws-emit">
          Emit
        </button>
        {error && (
          <p className="form-error" role="alert" data-testid="ws-error">
            {error}
          </p>
        )}
        {lastAck && (
          <p className="muted">
            Answer: <code data-testid="ws-ack-result">{lastAck}</code>
          </p>
        )}
      </form>
      <div className="panel-head">
        <h2>Events</h2>
        <button type="button" className="small" onClick={socketService.clearLog} data-testid="ws-clear">
          Clear
        </button>
      </div>
      <table className="ws-log" data-testid="ws-log" data-count={log.length}>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Direction</th>
            <th scope="col">Event</th>
            <th scope="col">Transport</th>
            <th scope="col">Payload</th>
          </tr>
        </thead>
        <tbody>
          {[...log].reverse().map((l) => (
            <tr key={l.id} data-direction={l.direction} data-event={l.event} data-transport={l.transport}>
              <td>{timeOf(l.time)}</td>
              <td>{l.direction}</td>
              <td>{l.event}</td>
              <td>{l.transport}</td>
              <td>
                <code>{show(l.payload)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
