import { ALL_ROLES } from './config.js';

/** `npm start -- --help` and `rebound start --help`. */
export const SERVICE_HELP = `Usage: npm start [-- --roles ${ALL_ROLES.join(',')}]
       npx rebound start [--roles ${ALL_ROLES.join(',')}]

Starts the Rebound service. Roles:
  smtp       SMTP listener for return-path and FBL mail (SMTP_HOST:SMTP_PORT)
  imap       IMAP poller for existing bounce mailboxes (IMAP_URLS)
  worker     parses, qualifies and applies the quarantine policy
  api        HTTP API and health checks (HTTP_HOST:HTTP_PORT)
  scheduler  nightly rule sync and cleanup (NIGHTLY_CRON)

Configuration is read from environment variables; see README.md.
With neither DATABASE_URL nor REDIS_URL it runs on the embedded default (PGlite in DATA_DIR,
in-process queue): one process. With both it is the production shape: Postgres and BullMQ on
Redis, and any number of processes, e.g. several with --roles worker.`;
