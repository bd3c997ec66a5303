// Types of the fake provincial platform (fake-province.mjs, plain JavaScript so the fault suite can load it too);
// fake-province.ts gives them their precise shapes.
export const HEADERS: { timestamp: string; signature: string; deliveryId: string };
export function sign(secret: string, timestamp: string, body: string): string;
export function signed(secret: string, body: unknown, opts?: { timestamp?: number }): { body: string; headers: Record<string, string> };
export function startFakeProvince(opts: { secret: string; maxSkewSeconds?: number }): Promise<unknown>;
