import type { ProvinceFeedback } from '@jyg12345/shared';
import * as fake from './fake-province.mjs';

export type Behaviour = 'ok' | 'fail' | 'fail-after' | 'hang' | 'hang-after' | 'slow' | 'reject';

export interface FakeProvince {
  baseUrl: string;
  /** Every feedback request that passed the signature check, in arrival order (retries included). */
  requests: { deliveryId: string; provinceNumber: string; sequence: number; at: number; sender: string }[];
  /** Messages accepted the first time (distinct delivery ids), in that order. */
  deliveries: (ProvinceFeedback & { acceptedAt: number; sender: string })[];
  refused: { signature: number; stale: number; body: number };
  stats: Record<Behaviour | 'duplicates', number>;
  script(...behaviours: (Behaviour | { kind: Behaviour; ms: number })[]): void;
  chaos(weights: Partial<Record<Behaviour, number>> | null, opts?: { seed?: number; slowMs?: [number, number] }): void;
  of(provinceNumber: string): (ProvinceFeedback & { acceptedAt: number; sender: string })[];
  close(): Promise<void>;
}

/** The provincial platform on loopback (implementation shared with the fault suite: fake-province.mjs). */
export const startFakeProvince = fake.startFakeProvince as (opts: { secret: string; maxSkewSeconds?: number }) => Promise<FakeProvince>;
export const signed = fake.signed as (secret: string, body: unknown, opts?: { timestamp?: number }) => { body: string; headers: Record<string, string> };
export const sign = fake.sign as (secret: string, timestamp: string, body: string) => string;

