import { useEffect, useState, type FormEvent } from 'react';
import { homeFor, useAuth } from '../contexts/AuthContext';
import { ApiError, getConfig } from '../services/api';
import { navigate } from '../router';
import type { AppConfig, DemoAccount } from '../types';

function loginErrorText(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 401 || e.status === 403) return 'Wrong username or password.';
    if (e.status === 429) return 'Too many attempts. Wait a moment and try again.';
    if (e.status === 503) return 'The service is temporarily unavailable. Try again shortly.';
    return e.message;
  }
  return 'The server cannot be reached. Check your connection and try again.';
}

export function LoginPage() {
  const { user, ready, login } = useAuth();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [config, setConfig] = useState<AppConfig | null>(null);

  useEffect(() => {
    let cancelled = false;
    getConfig()
      .then((c) => !cancelled && setConfig(c))
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => {
    if (ready && user) navigate(homeFor(user.role), { replace: true });
  }, [ready, user]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!username.trim() || !password) {
      setError('Enter your username and password.');
      return;
    }
    setBusy(true);
    try {
      const u = await login(username.trim(), password);
      navigate(homeFor(u.role), { replace: true });
    } catch (err) {
      setError(loginErrorText(err));
    } finally {
      setBusy(false);
    }
  };

  const fillDemo = (a: DemoAccount) => {
    setUsername(a.username);
    setPassword(a.password);
    setError(null);
  };

  return (
    <section className="page narrow login-page">
      <h1>Sign in</h1>
      <form onSubmit={submit} className="login-form" noValidate>
        <label>
          Username
          <input type="text" name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} data-testid="login-username" required />
        </label>
        <label>
          Password
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="login-password"
            required
          />
        </label>
        <button type="submit" disabled={busy} data-testid="login-submit">
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="form-error" role="alert" data-testid="login-error" hidden={!error}>
          {error}
        </p>
      </form>
      {config?.demo && (config.demoAccounts?.length ?? 0) > 0 && (
        <section className="panel demo-accounts" aria-labelledby="demo-title">
          <h2 id="demo-title">Demo accounts</h2>
          <p className="muted">This server runs in demo mode. Pick an account to fill in the form.</p>
          <table data-testid="demo-accounts">
            <thead>
              <tr>
                <th scope="col">Role</th>
                <th scope="col">Username</th>
                <th scope="col">Password</th>
                <th scope="col">
                  <span className="visually-hidden">Use</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {config.demoAccounts!.map((a) => (
                <tr key={a.username} data-role={a.role}>
                  <td>{a.role}</td>
                  <td>
                    <code>{a.username}</code>
                  </td>
                  <td>
                    <code>{a.password}</code>
                  </td>
                  <td>
                    <button type="button" className="small" onClick={() => fillDemo(a)} data-testid="demo-account-use">
                      Use
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}
