import type { ReactNode } from 'react';
import { Link, navigate, useLocation } from '../router';
import { useAuth } from '../contexts/AuthContext';
import { ConnectionBanner } from './ConnectionBanner';
import { NotificationBar } from './NotificationBar';
import { NoticeStack } from './NoticeStack';
import type { Role } from '../types';

interface NavItem {
  to: string;
  label: string;
  roles?: Role[];
  note?: string;
}

const NAV: NavItem[] = [
  { to: '/candidate', label: 'My test', roles: ['candidate'] },
  { to: '/examiner', label: 'Examiner console', roles: ['examiner', 'admin'] },
  { to: '/admin', label: 'Admin', roles: ['admin'] },
  { to: '/chat', label: 'Chat' },
  { to: '/ws-test', label: 'WebSocket test' },
];

export function Layout({ children }: { children: ReactNode }) {
  const { user, logout, message } = useAuth();
  const { pathname } = useLocation();
  const items = NAV.filter((n) => !n.roles || (user && n.roles.includes(user.role)));
  const live = Boolean(user) || pathname === '/ws-test';

  return (
    <div className="app">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          Exam room
        </Link>
        {user && (
          <nav aria-label="Main">
            <ul>
              {items.map((n) => (
                <li key={n.to}>
                  <Link to={n.to} aria-current={pathname === n.to ? 'page' : undefined} data-testid={`nav-${n.to.slice(1)}`}>
                    {n.label}
                    {n.note && <small className="nav-note"> ({n.note})</small>}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <div className="user-box">
          {user ? (
            <>
              <span data-testid="current-user" data-role={user.role}>
                {user.displayName ?? user.username} <small className="muted">({user.role})</small>
              </span>
              <button
                type="button"
                className="small"
                data-testid="logout"
                onClick={() => {
                  void logout().then(() => navigate('/login', { replace: true }));
                }}
              >
                Sign out
              </button>
            </>
          ) : (
            pathname !== '/login' && <Link to="/login">Sign in</Link>
          )}
        </div>
      </header>
      {live && <ConnectionBanner />}
      {message && !user && (
        <p className="auth-message" role="alert" data-testid="auth-message">
          {message}
        </p>
      )}
      {user && <NotificationBar />}
      {user && <NoticeStack />}
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
