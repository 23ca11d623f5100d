/** The signed-in user. The access token itself stays inside services/api.ts. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import * as api from '../services/api';
import type { Role, User } from '../types';

interface AuthContextValue {
  user: User | null;
  /** false until the start-up refresh (cookie → access token) has answered */
  ready: boolean;
  /** why the user was signed out ("Your session has expired, please sign in again."), until the next sign-in */
  message: string | null;
  login(username: string, password: string): Promise<User>;
  logout(): Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function homeFor(role: Role | string | undefined): string {
  switch (role) {
    case 'candidate':
      return '/candidate';
    case 'examiner':
      return '/examiner';
    case 'admin':
      return '/admin';
    default:
      return '/login';
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(api.getCurrentUser());
  const [ready, setReady] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    const off = api.onAuthChange((u, reason) => {
      setUser(u);
      if (u) setMessage(null);
      else if (reason) setMessage(reason);
    });
    let cancelled = false;
    // Start-up: the refresh cookie (if any) gives a fresh access token.
    void api.refreshSession().finally(() => {
      if (!cancelled) setReady(true);
    });
    return () => {
      cancelled = true;
      off();
    };
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const auth = await api.login(username, password);
    return auth.user;
  }, []);

  const logout = useCallback(async () => {
    setMessage(null);
    await api.logout();
  }, []);

  const value = useMemo(() => ({ user, ready, message, login, logout }), [user, ready, message, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth() outside <AuthProvider>');
  return ctx;
}
