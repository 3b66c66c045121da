/**
 * The address a person opens the console at, from the API's bind address: a wildcard bind
 * (0.0.0.0, ::) is reachable on loopback, and an IPv6 literal needs brackets in a URL.
 */
export function consoleUrl(host: string, port: number): string {
  const wildcard = host === '0.0.0.0' || host === '::' || host === '';
  const shown = wildcard ? '127.0.0.1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}/`;
}
