import type { ReactNode } from 'react';
import type { TicketView } from '@jyg12345/shared';
import { AsyncView } from './AsyncView';
import { Page } from './Page';

interface TicketPageProps {
  title: string;
  className: string;
  withFooter: boolean;
  /** What useTicketDetail returns. */
  detail: { ticket: TicketView | null; loading: boolean; error: { message: string; notFound: boolean } | null; retry: () => void };
  /** Where "home" is when the ticket is not found (the resident home by default). */
  onHome?: () => void;
  homeText?: string;
  children: (ticket: TicketView) => ReactNode;
}

/** One ticket's page: loading, failure (with a retry, or a way home when it is not found), then the ticket. */
export function TicketPage({ title, className, withFooter, detail, onHome, homeText, children }: TicketPageProps) {
  return (
    <Page title={title} withFooter={withFooter} className={className}>
      <AsyncView loading={detail.loading} error={detail.error} onHome={onHome} homeText={homeText} onRetry={detail.retry}>
        {detail.ticket ? children(detail.ticket) : null}
      </AsyncView>
    </Page>
  );
}
