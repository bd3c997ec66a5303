import { useState } from 'react';
import { native } from '../native';
import { PrivacySheet } from './PrivacySheet';

/**
 * WeChat's privacy agreement in front of a location or photo call: `withPrivacy(purpose, run)` runs `run` at once
 * when no agreement is needed, else after the resident agrees on `sheet` (render it in the page).
 */
export function usePrivacyGate() {
  const [pending, setPending] = useState<null | { purpose: string; run: () => void }>(null);
  const withPrivacy = async (purpose: string, run: () => void) => {
    if (await native.needsPrivacyAuthorization()) setPending({ purpose, run });
    else run();
  };
  const sheet = pending ? (
    <PrivacySheet
      purpose={pending.purpose}
      onAgree={() => {
        setPending(null);
        pending.run();
      }}
      onDecline={() => setPending(null)}
    />
  ) : null;
  return { withPrivacy, sheet };
}
