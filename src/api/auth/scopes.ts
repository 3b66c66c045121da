/**
 * What an API token may do. A route needs one scope; `admin` grants every scope and `staff`
 * also grants `check` (staff screens read single entries too). `metrics` reads /metrics only,
 * for a Prometheus that should see no address.
 */
export const SCOPES = ['check', 'intake', 'staff', 'metrics', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

const IMPLIED: Record<Scope, readonly Scope[]> = {
  check: ['check'],
  intake: ['intake'],
  staff: ['staff', 'check'],
  metrics: ['metrics'],
  admin: SCOPES,
};

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** Whether a token holding `held` may call a route that needs `needed`. */
export function grants(held: readonly Scope[], needed: Scope): boolean {
  return held.some((scope) => IMPLIED[scope].includes(needed));
}
