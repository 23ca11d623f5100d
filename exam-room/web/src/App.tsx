import { useEffect, type ReactNode } from 'react';
import { AuthProvider, homeFor, useAuth } from './contexts/AuthContext';
import { WebSocketProvider } from './contexts/WebSocketContext';
import { Layout } from './components/Layout';
import { navigate, useLocation } from './router';
import { LoginPage } from './pages/LoginPage';
import { CandidatePage } from './pages/CandidatePage';
import { ExaminerPage } from './pages/ExaminerPage';
import { AdminPage } from './pages/AdminPage';
import { ChatPage } from './pages/ChatPage';
import { WsTestPage } from './pages/WsTestPage';
import { NotFoundPage } from './pages/NotFoundPage';
import type { Role } from './types';

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

/** Signed-in users with one of `roles` only; others go to their own page, signed-out users to /login. */
function RequireRole({ roles, children }: { roles?: Role[]; children: ReactNode }) {
  const { user, ready } = useAuth();
  if (!ready) return <p className="muted">Loading…</p>;
  if (!user) return <Redirect to="/login" />;
  if (roles && !roles.includes(user.role)) return <Redirect to={homeFor(user.role)} />;
  return <>{children}</>;
}

function Routes() {
  const { pathname } = useLocation();
  const { user, ready } = useAuth();
  switch (pathname) {
    case '/':
      if (!ready) return <p className="muted">Loading…</p>;
      return <Redirect to={user ? homeFor(user.role) : '/login'} />;
    case '/login':
      return <LoginPage />;
    case '/candidate':
      return (
        <RequireRole roles={['candidate']}>
          <CandidatePage />
        </RequireRole>
      );
    case '/examiner':
      return (
        <RequireRole roles={['examiner', 'admin']}>
          <ExaminerPage />
        </RequireRole>
      );
    case '/admin':
      return (
        <RequireRole roles={['admin']}>
          <AdminPage />
        </RequireRole>
      );
    case '/chat':
      return (
        <RequireRole>
          <ChatPage />
        </RequireRole>
      );
    case '/ws-test':
      return <WsTestPage />;
    default:
      return <NotFoundPage />;
  }
}

export function App() {
  return (
    <AuthProvider>
      <WebSocketProvider>
        <Layout>
          <Routes />
        </Layout>
      </WebSocketProvider>
    </AuthProvider>
  );
}
