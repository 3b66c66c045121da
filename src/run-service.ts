/**
 * The service's entry logic (`npm start`, `rebound start`): runs the roles named by --roles (or ROLES), all of them by default, in one
 * process. Without DATABASE_URL/REDIS_URL it runs on the embedded default and says so.
 */
import { loadConfig, redactConfig, unknownVariableWarnings } from './config.js';
import { SERVICE_HELP } from './service-help.js';
import { createLogger, type Logger } from './log.js';
import { describeError, isAppError } from './errors.js';
import { startService } from './service.js';
import { consoleUrl } from './api/console/console-url.js';

export function parseRolesArgument(argv: string[]): string[] | undefined {
  const index = argv.findIndex((arg) => arg === '--roles' || arg.startsWith('--roles='));
  if (index < 0) return undefined;
  const arg = argv[index]!;
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (argv[index + 1] ?? '');
  return value
    .split(',')
    .map((role) => role.trim())
    .filter(Boolean);
}

/** Runs the service until SIGTERM/SIGINT; sets process.exitCode on a start failure. */
export async function runService(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${SERVICE_HELP}\n`);
    return;
  }
  let config;
  try {
    config = loadConfig(process.env, parseRolesArgument(argv));
  } catch (error) {
    process.stderr.write(`rebound: ${describeError(error)}\n`);
    process.exitCode = 2;
    return;
  }
  const logger = createLogger(config.logLevel);
  exitOnCrash(logger);
  logger.info({ event: 'service.config', config: redactConfig(config) });
  for (const warning of unknownVariableWarnings(process.env))
    logger.warn({ event: 'config.unknown_variable' }, warning);
  if (config.shape === 'embedded') {
    logger.info(
      { event: 'service.embedded', dataDir: config.dataDir },
      `embedded default: PGlite in ${config.dataDir} and an in-process queue (set DATABASE_URL and REDIS_URL for the production shape)`,
    );
  }
  if (config.returnPathDomains.length === 0 && config.fblAddresses.length === 0) {
    logger.warn(
      { event: 'service.no_recipients' },
      'RETURN_PATH_DOMAINS and FBL_ADDRESSES are empty: SMTP will refuse every recipient',
    );
  }
  let service;
  try {
    service = await startService(config, logger);
  } catch (error) {
    logger.fatal({
      event: 'service.start_failed',
      code: isAppError(error) ? error.code : undefined,
      err: error,
    });
    process.exitCode = 1;
    return;
  }
  logger.info({
    event: 'service.started',
    roles: config.roles,
    shape: config.shape,
    smtpPort: service.smtpPort,
    smtpsPort: service.smtpsPort,
    httpPort: service.httpPort,
  });
  if (service.httpPort !== undefined) {
    // Logged for the record, and one plain line on stderr (stdout carries the JSON log) for
    // the person who just ran `npm start`.
    const url = consoleUrl(config.http.host, service.httpPort);
    logger.info({ event: 'api.console', url }, `console at ${url}`);
    process.stderr.write(`Rebound console: ${url}\n`);
  }
  const shutdown = (signal: string) => {
    logger.info({ event: 'service.signal', signal });
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ event: 'service.stop_failed', err: error });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  // SIGHUP re-reads the TLS certificate and key (a renewal), as MTAs do; nothing else stops.
  process.on('SIGHUP', () => {
    logger.info({ event: 'service.signal', signal: 'SIGHUP' });
    service.reloadTls();
  });
}

/**
 * A throw nobody caught leaves the process in an unknown state: log it fatal with its stack and
 * exit non-zero so the supervisor (systemd, Docker's restart policy) starts a clean one. What
 * was accepted is in the spool; the sweeper brings it back.
 */
function exitOnCrash(logger: Logger): void {
  const crash = (kind: string) => (error: unknown) => {
    logger.fatal({
      event: 'service.crashed',
      kind,
      err: error,
    });
    process.exit(70);
  };
  process.on('uncaughtException', crash('uncaughtException'));
  process.on('unhandledRejection', crash('unhandledRejection'));
}
