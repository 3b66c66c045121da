/**
 * A tiny SMTP server for tests: it answers RCPT TO with the reply configured for the
 * recipient's local part (default 250) and records every message it accepts. Postfix delivers
 * to it as to a remote MX, so the codes it answers become the DSNs Postfix writes.
 */
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** An SMTP reply: the code and the text after it (write the enhanced status code yourself). */
export interface SinkReply {
  code: number;
  text: string;
}

export interface SinkMessage {
  mailFrom: string;
  rcptTo: string[];
  raw: Buffer;
}

export interface SmtpSink {
  port: number;
  /** Messages accepted at DATA, in arrival order. */
  messages: SinkMessage[];
  /** RCPT replies by local part, e.g. `{ unknown: { code: 550, text: '5.1.1 User unknown' } }`. */
  replies: Map<string, SinkReply>;
  stop(): Promise<void>;
}

export async function startSmtpSink(replies: Record<string, SinkReply> = {}): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const table = new Map(Object.entries(replies).map(([k, v]) => [k.toLowerCase(), v]));
  const options: SMTPServerOptions = {
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    banner: 'rebound test sink',
    logger: false,
    onRcptTo(address, _session, callback) {
      const local = address.address.split('@')[0]?.toLowerCase() ?? '';
      const reply = table.get(local);
      if (!reply || reply.code < 300) return callback();
      const error = new Error(reply.text) as Error & { responseCode: number };
      error.responseCode = reply.code;
      callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  };
  const server = new SMTPServer(options);
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  return {
    port,
    messages,
    replies: table,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
