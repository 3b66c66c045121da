/**
 * One pino root logger; each stage takes a child with `stage`. Logs are objects first with an
 * `event` name (listed in README.md), never a message body. Secrets are redacted by path.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string = 'info'): Logger {
  return pino({
    level,
    base: { service: 'rebound' },
    redact: {
      paths: ['*.password', '*.apiToken', '*.secret', 'authorization', '*.authorization', 'raw'],
      censor: '[redacted]',
    },
  });
}
