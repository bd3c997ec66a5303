import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { Suspense, useEffect } from 'react';
import { createBrowserRouter, Navigate, RouterProvider, useLocation } from 'react-router';
import type { AccessKey } from './access';
import { ConsoleLayout } from './components/ConsoleLayout';
import { LoginPage } from './pages/Login';
import { ROUTES } from './routes';
import { useAccess, useSession } from './hooks/session';
import { isApiError, onUnauthorized } from './services/http';
import { getSession, sessionExpired, setSession } from './services/session';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 5_000,
      refetchOnWindowFocus: false,
      // A refused or missing resource will not change by asking again; a network blip might.
      retry: (count, error) => count < 2 && !(isApiError(error) && error.status > 0 && error.status < 500),
    },
  },
});


/** Not signed in: to the login, remembering where they were going. */
function RequireSession({ children }: { children: JSX.Element }) {
  const session = useSession();
  const location = useLocation();
  if (!session) {
    const from = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?from=${from}${sessionExpired() ? '&expired=1' : ''}`} replace />;
  }
  return children;
}

/** A page the signed-in role may not see: said plainly, never a blank screen. */
function Guard({ access, children }: { access: AccessKey; children: JSX.Element }) {
  const allowed = useAccess();
  if (!allowed[access]) return <Result status="403" title="没有权限" subTitle="您的账号不能访问此页面" />;
  return children;
}

function Home() {
  const access = useAccess();
  const first = ROUTES.find((r) => r.group && !r.bare && access[r.access]);
  return <Navigate to={first?.path ?? '/tickets'} replace />;
}

const router = createBrowserRouter(
  [
    { path: '/login', element: <LoginPage /> },
    {
      path: '/',
      element: (
        <RequireSession>
          <ConsoleLayout />
        </RequireSession>
      ),
      children: [{ index: true, element: <Home /> }, ...ROUTES.filter((r) => !r.bare).map((r) => ({
          path: r.path.slice(1),
          element: (
            <Guard access={r.access}>
              <r.page />
            </Guard>
          ),
        }))],
    },
    ...ROUTES.filter((r) => r.bare).map((r) => ({
      path: r.path,
      element: (
        <RequireSession>
          <Guard access={r.access}>
            <Suspense fallback={<Spin size="large" style={{ display: 'block', marginTop: 80 }} />}>
              <r.page />
            </Suspense>
          </Guard>
        </RequireSession>
      ),
    })),
    { path: '*', element: <Navigate to="/" replace /> },
  ],
  { basename: '/console' },
);

export function App() {
  useEffect(
    () =>
      // An expired or revoked token, seen by any request: sign out; RequireSession then sends to the login with
      // the page remembered.
      onUnauthorized(() => {
        if (!getSession()) return;
        setSession(null, 'expired');
        queryClient.clear();
      }),
    [],
  );
  return (
    <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }} theme={{ token: { colorPrimary: '#1f5fbf', borderRadius: 4 } }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
