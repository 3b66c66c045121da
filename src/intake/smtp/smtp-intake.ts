/**
 * SMTP listener. Thin hooks (as in smtp-server's examples/server.js): RCPT is checked against
 * the recipient policy, DATA is buffered up to the size limit and handed to acceptMessage;
 * 250 only after it resolves, 451 if it could not store, so the sending MTA retries.
 */
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Logger } from 'pino';
import type { AcceptMessage } from '../types.js';
import { classifyRecipient, type RecipientPolicy } from './recipient-policy.js';

export interface SmtpIntakeOptions extends RecipientPolicy {
  host: string;
  port: number;
  maxMessageBytes: number;
  acceptMessage: AcceptMessage;
  logger: Logger;
}

export interface SmtpIntake {
  /** The bound port (useful when 0 was asked). */
  port: number;
  close(): Promise<void>;
}

/** An error smtp-server turns into an SMTP reply. */
function smtpError(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

export async function startSmtpIntake(options: SmtpIntakeOptions): Promise<SmtpIntake> {
  const { logger } = options;
  const server = new SMTPServer({
    name: 'rebound',
    banner: 'Rebound bounce processor',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: options.maxMessageBytes,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (classifyRecipient(address.address, options) === 'refused') {
        logger.info({ event: 'intake.smtp.rcpt_refused', rcpt: address.address });
        return callback(
          smtpError(550, '5.1.1 Recipient not accepted here (not a return-path or FBL address)'),
        );
      }
      callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= options.maxMessageBytes) chunks.push(chunk);
      });
      stream.on('end', () => {
        if (stream.sizeExceeded || size > options.maxMessageBytes) {
          logger.info({ event: 'intake.smtp.too_large', size });
          return callback(smtpError(552, '5.3.4 Message too big for this system'));
        }
        const envelope = {
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          remote: session.remoteAddress,
        };
        options
          .acceptMessage({
            source: 'smtp',
            envelope,
            raw: Buffer.concat(chunks),
            receivedAt: new Date(),
          })
          .then(
            (result) =>
              callback(
                null,
                `2.0.0 Stored as ${result.spoolId}${result.duplicate ? ' (duplicate)' : ''}`,
              ),
            (error: Error) => {
              logger.error({ event: 'intake.smtp.store_failed', err: error.message });
              callback(smtpError(451, '4.3.0 Temporary storage failure, try again later'));
            },
          );
      });
      stream.on('error', (error) => {
        logger.warn({ event: 'intake.smtp.stream_error', err: error.message });
      });
    },
  });
  server.on('error', (error) => logger.warn({ event: 'intake.smtp.error', err: error.message }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  logger.info({ event: 'intake.smtp.listening', host: options.host, port });
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
