import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { login } from './services/session';
import { tokenStore } from './services/token-store';
import './app.scss';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // Sign in ahead of the first page's request; a failure here is retried by the first call (services/session.ts).
    if (!tokenStore.get()) login().catch(() => undefined);
  });
  return children;
}

export default App;
