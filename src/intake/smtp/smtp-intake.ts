/**
 * SMTP listener. Thin hooks (as in smtp-server's examples/server.js): the connection is checked
 * against the allowed clients and the connection limits, MAIL against the client's message
 * rate, RCPT against the recipient policy and the recipient limit, DATA is collected within
 * the size, header and memory limits and handed to acceptMessage; 250 only after it resolves,
 * 451 if it could not store, so the sending MTA retries. STARTTLS is offered when a
 * certificate is configured, and an implicit-TLS listener can run beside it.
 */
import { smtpReplies, smtpSessions, smtpSessionsOpen } from '../../metrics/index.js';
import {
  SMTPServer,
  type SMTPServerDataStream,
  type SMTPServerOptions,
  type SMTPServerSession,
} from 'smtp-server';
import type { Logger } from 'pino';
import type { AcceptMessage } from '../types.js';
import { classifyRecipient, type RecipientPolicy } from './recipient-policy.js';
import { createClientAllowlist } from './client-address.js';
import { createConnectionLimiter, type ConnectionLimits } from './connection-limits.js';
import { createMemoryBudget } from './memory-budget.js';
import { collectMessage, type Refusal } from './collect-message.js';
import { loadTlsPair, watchTlsFiles, type TlsFiles } from './tls-files.js';

/** Limits of the SMTP door; README "Security → SMTP" gives the defaults and the replies. */
export interface SmtpLimits extends ConnectionLimits {
  /** Seconds a client may stay silent while we wait for it. */
  idleTimeoutSeconds: number;
  /** Seconds a session may last in all, however busy (slow-drip clients). */
  sessionTimeoutSeconds: number;
  maxRecipients: number;
  maxHeaderBytes: number;
  /** Bytes of DATA held in memory across all sessions. */
  maxBufferedBytes: number;
}

export interface SmtpIntakeOptions extends RecipientPolicy {
  host: string;
  port: number;
  /** Port of the implicit-TLS listener (SMTPS_PORT); needs `tls`. */
  securePort?: number;
  maxMessageBytes: number;
  /** CIDR blocks allowed to connect; empty: everyone. */
  allowedClients: readonly string[];
  tls?: TlsFiles;
  limits: SmtpLimits;
  acceptMessage: AcceptMessage;
  logger: Logger;
  /** How often the TLS files are checked for a change. */
  tlsWatchIntervalMs?: number;
  /** How long close() waits for open sessions before it drops them. */
  closeTimeoutMs?: number;
  /** The clock, for the message rate. */
  now?: () => number;
}

export interface SmtpIntake {
  /** The bound port (useful when 0 was asked). */
  port: number;
  /** The bound implicit-TLS port, when one was asked. */
  securePort?: number;
  /** Reads the TLS files again; false (old certificate kept) when they do not load. */
  reloadTls(): boolean;
  close(): Promise<void>;
}

/** What a message without a declared SIZE is assumed to need at MAIL (a DSN with its original). */
const TYPICAL_MESSAGE_BYTES = 16 * 1024;

/** An error smtp-server turns into an SMTP reply; every refusal our hooks give is built here. */
function smtpError(responseCode: number, message: string): Error {
  smtpReplies.inc({ code: String(responseCode) });
  return Object.assign(new Error(message), { responseCode });
}

function listen(server: SMTPServer, port: number, host: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** The reply for a message collectMessage did not keep. */
function refusalReply(refusal: Refusal, maxHeaderBytes: number): Error {
  switch (refusal) {
    case 'too-large':
      return smtpError(552, '5.3.4 Message too big for this system');
    case 'header-too-large':
      return smtpError(552, `5.3.4 Message header section over ${maxHeaderBytes} bytes`);
    case 'no-memory':
      return smtpError(451, '4.3.1 Insufficient system storage, try again later');
    case 'aborted':
      return smtpError(451, '4.3.0 Connection closed before the end of the message');
  }
}

export async function startSmtpIntake(options: SmtpIntakeOptions): Promise<SmtpIntake> {
  const { logger, limits } = options;
  const now = options.now ?? Date.now;
  const isAllowed = createClientAllowlist(options.allowedClients);
  const limiter = createConnectionLimiter(limits);
  const budget = createMemoryBudget(limits.maxBufferedBytes);
  const sessionTimers = new Map<string, NodeJS.Timeout>();
  const tlsPair = options.tls ? loadTlsPair(options.tls) : undefined;

  function onConnect(
    server: () => SMTPServer,
    session: SMTPServerSession,
    callback: (error?: Error) => void,
  ) {
    const ip = session.remoteAddress;
    smtpSessions.inc();
    if (!isAllowed(ip)) {
      logger.info({ event: 'intake.smtp.client_refused', ip });
      return callback(smtpError(554, '5.7.1 Client host not allowed to connect here'));
    }
    const admission = limiter.admit(session.id, ip);
    if (admission !== 'admitted') {
      logger.warn({ event: 'intake.smtp.connection_limited', ip, limit: admission });
      return callback(
        smtpError(
          421,
          admission === 'server-full'
            ? '4.7.0 Too many connections, try again later'
            : '4.7.0 Too many connections from your address, try again later',
        ),
      );
    }
    // The idle timeout restarts with every byte, so a client dripping one byte a minute would
    // hold its slot forever without a cap on the whole session.
    const timer = setTimeout(() => {
      for (const connection of server().connections) {
        if (connection.session.id !== session.id) continue;
        logger.info({ event: 'intake.smtp.session_timeout', ip });
        smtpReplies.inc({ code: '421' });
        connection.send(421, '4.4.2 Session time limit exceeded, closing connection', false);
      }
    }, limits.sessionTimeoutSeconds * 1000);
    timer.unref();
    sessionTimers.set(session.id, timer);
    smtpSessionsOpen.inc();
    callback();
  }

  function onClose(session: SMTPServerSession) {
    // Only admitted sessions have a timer (and were counted open).
    if (sessionTimers.has(session.id)) smtpSessionsOpen.dec();
    clearTimeout(sessionTimers.get(session.id));
    sessionTimers.delete(session.id);
    limiter.release(session.id);
  }

  function logRefusal(refusal: Refusal, session: SMTPServerSession, size: number) {
    const ip = session.remoteAddress;
    if (refusal === 'too-large') logger.info({ event: 'intake.smtp.too_large', ip, size });
    if (refusal === 'header-too-large') logger.info({ event: 'intake.smtp.header_too_large', ip });
    if (refusal === 'no-memory')
      logger.warn({ event: 'intake.smtp.memory_full', ip, used: budget.used, max: budget.max });
  }

  function onData(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (error?: Error | null, message?: string) => void,
  ) {
    void collectMessage(
      stream,
      { maxMessageBytes: options.maxMessageBytes, maxHeaderBytes: limits.maxHeaderBytes },
      budget,
    ).then(({ collected, release }) => {
      if (collected.outcome !== 'complete') {
        logRefusal(collected.outcome, session, stream.byteLength);
        return callback(refusalReply(collected.outcome, limits.maxHeaderBytes));
      }
      options
        .acceptMessage({
          source: 'smtp',
          envelope: {
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            remote: session.remoteAddress,
          },
          client: {
            remoteIp: session.remoteAddress,
            ...(session.hostNameAppearsAs ? { helo: session.hostNameAppearsAs } : {}),
            tls: session.secure,
          },
          raw: collected.raw,
          receivedAt: new Date(),
        })
        .then(
          (result) => {
            smtpReplies.inc({ code: '250' });
            callback(
              null,
              `2.0.0 Stored as ${result.spoolId}${result.duplicate ? ' (duplicate)' : ''}`,
            );
          },
          (error: Error) => {
            logger.error({ event: 'intake.smtp.store_failed', err: error });
            callback(smtpError(451, '4.3.0 Temporary storage failure, try again later'));
          },
        )
        .finally(release);
    });
  }

  function createServer(secure: boolean): SMTPServer {
    const server: SMTPServer = new SMTPServer({
      name: 'rebound',
      banner: 'Rebound bounce processor',
      authOptional: true,
      disabledCommands: tlsPair ? ['AUTH'] : ['AUTH', 'STARTTLS'],
      ...(tlsPair ? { key: tlsPair.key, cert: tlsPair.cert } : {}),
      secure,
      size: options.maxMessageBytes,
      // smtp-server refuses on its own (with its own text) past this many sockets, before
      // the greeting delay: a backstop against floods, above the limit onConnect answers.
      maxClients: limits.maxClients * 2,
      socketTimeout: limits.idleTimeoutSeconds * 1000,
      closeTimeout: options.closeTimeoutMs ?? 30_000,
      // The PTR name is not used, and each lookup would be DNS traffic an attacker controls.
      disableReverseLookup: true,
      logger: false,
      onConnect: (session, callback) => onConnect(() => server, session, callback),
      onClose: (session) => onClose(session),
      onMailFrom(address, session, callback) {
        // RFC 1870 §6.1: a message the memory budget cannot take now (its declared SIZE, or a
        // typical bounce without one) is deferred before its body is sent, not after.
        const declared = Number((address.args && address.args.SIZE) || 0) || TYPICAL_MESSAGE_BYTES;
        if (!budget.fits(Math.min(declared, options.maxMessageBytes))) {
          logger.warn({ event: 'intake.smtp.memory_full', ip: session.remoteAddress, declared });
          return callback(smtpError(452, '4.3.1 Insufficient system storage, try again later'));
        }
        if (!limiter.takeMessage(session.remoteAddress, now())) {
          logger.warn({ event: 'intake.smtp.rate_limited', ip: session.remoteAddress });
          return callback(smtpError(451, '4.7.1 Too many messages from your address, slow down'));
        }
        callback();
      },
      onRcptTo(address, session, callback) {
        if (session.envelope.rcptTo.length >= limits.maxRecipients) {
          return callback(smtpError(452, '4.5.3 Too many recipients'));
        }
        if (classifyRecipient(address.address, options) === 'refused') {
          logger.info({ event: 'intake.smtp.rcpt_refused', rcpt: address.address });
          return callback(
            smtpError(550, '5.1.1 Recipient not accepted here (not a return-path or FBL address)'),
          );
        }
        callback();
      },
      onData,
    } satisfies SMTPServerOptions);
    server.on('error', (error) => logger.warn({ event: 'intake.smtp.error', err: error }));
    return server;
  }

  const servers = [createServer(false)];
  const port = await listen(servers[0]!, options.port, options.host);
  logger.info({ event: 'intake.smtp.listening', host: options.host, port, starttls: !!tlsPair });
  let securePort: number | undefined;
  if (options.securePort !== undefined && tlsPair) {
    const secure = createServer(true);
    servers.push(secure);
    try {
      securePort = await listen(secure, options.securePort, options.host);
    } catch (error) {
      await new Promise<void>((resolve) => servers[0]!.close(() => resolve()));
      throw error;
    }
    logger.info({
      event: 'intake.smtp.listening',
      host: options.host,
      port: securePort,
      tls: true,
    });
  }

  const reloadTls = (): boolean => {
    if (!options.tls) return false;
    try {
      const pair = loadTlsPair(options.tls);
      for (const server of servers) server.updateSecureContext({ key: pair.key, cert: pair.cert });
      logger.info({ event: 'intake.smtp.tls_reloaded' });
      return true;
    } catch (error) {
      logger.error({ event: 'intake.smtp.tls_reload_failed', err: error });
      return false;
    }
  };
  const unwatch = options.tls
    ? watchTlsFiles(options.tls, options.tlsWatchIntervalMs ?? 30_000, reloadTls)
    : () => undefined;

  const intake: SmtpIntake = {
    port,
    reloadTls,
    async close() {
      unwatch();
      await Promise.all(
        servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
      );
      for (const timer of sessionTimers.values()) clearTimeout(timer);
    },
  };
  if (securePort !== undefined) intake.securePort = securePort;
  return intake;
}
