/**
 * A bare SMTP client over a socket, for the tests that must say exactly what a client sends
 * (pipelined commands, a byte at a time, a header without end) and see every reply, and for
 * STARTTLS with the server's certificate in hand. Bound to 127.0.0.1.
 */
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls, type PeerCertificate, type TLSSocket } from 'node:tls';

export interface SmtpReply {
  code: number;
  text: string;
}

export interface RawSmtp {
  /** The greeting, or the refusal sent instead of it. */
  greeting: Promise<SmtpReply>;
  /** Sends one line (CRLF added) and waits for its reply. */
  command(line: string): Promise<SmtpReply>;
  /** Writes bytes as they are, without waiting for anything. */
  write(data: string | Buffer): void;
  /** The next reply, whatever caused it. */
  reply(): Promise<SmtpReply>;
  /**
   * STARTTLS, then the TLS handshake; resolves with the server's certificate. `injected` is
   * written in cleartext right behind the STARTTLS line (the command-injection attack).
   */
  startTls(injected?: string): Promise<PeerCertificate>;
  /** Resolves when the server has closed the connection. */
  closed: Promise<void>;
  isClosed(): boolean;
  close(): void;
}

export function openRawSmtp(
  port: number,
  options: { tls?: boolean; localAddress?: string } = {},
): Promise<RawSmtp> {
  const host = '127.0.0.1';
  const local = options.localAddress ? { localAddress: options.localAddress } : {};
  return new Promise((resolve, reject) => {
    let socket: Socket | TLSSocket = options.tls
      ? connectTls({ port, host, rejectUnauthorized: false, ...local })
      : connectTcp({ port, host, ...local });
    let buffer = '';
    let ended = false;
    const replies: SmtpReply[] = [];
    const waiting: Array<{ resolve: (r: SmtpReply) => void; reject: (e: Error) => void }> = [];
    let onClosed: () => void = () => undefined;
    const closed = new Promise<void>((r) => (onClosed = r));
    const deliver = (reply: SmtpReply) => {
      const next = waiting.shift();
      if (next) next.resolve(reply);
      else replies.push(reply);
    };
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        const match = /^(\d{3}) (.*)\r?\n/m.exec(buffer);
        if (!match) return;
        const end = match.index + match[0].length;
        const text = buffer.slice(0, end);
        buffer = buffer.slice(end);
        deliver({ code: Number(match[1]), text: text.trim() });
      }
    };
    const onEnd = () => {
      ended = true;
      onClosed();
      for (const next of waiting.splice(0))
        next.reject(new Error(`connection closed (unparsed: ${JSON.stringify(buffer)})`));
    };
    const wire = (s: Socket | TLSSocket) => {
      s.on('data', onData);
      s.on('close', onEnd);
      s.on('error', () => undefined);
    };
    wire(socket);
    const reply = () =>
      new Promise<SmtpReply>((res, rej) => {
        const ready = replies.shift();
        if (ready) return res(ready);
        if (ended) return rej(new Error('connection closed'));
        waiting.push({ resolve: res, reject: rej });
      });
    const client: RawSmtp = {
      greeting: reply(),
      command(line) {
        const next = reply();
        socket.write(`${line}\r\n`);
        return next;
      },
      write(data) {
        socket.write(data);
      },
      reply,
      async startTls(injected = '') {
        const go = await client.command(`STARTTLS\r\n${injected}`.replace(/\r\n$/, ''));
        if (go.code !== 220) throw new Error(`STARTTLS refused: ${go.text}`);
        const plain = socket as Socket;
        plain.off('data', onData);
        plain.off('close', onEnd);
        const secure = connectTls({ socket: plain, rejectUnauthorized: false });
        await new Promise<void>((res, rej) => secure.once('secureConnect', res).once('error', rej));
        socket = secure;
        wire(secure);
        return secure.getPeerCertificate();
      },
      closed,
      isClosed: () => ended,
      close() {
        socket.destroy();
      },
    };
    socket.once('error', reject);
    socket.once(options.tls ? 'secureConnect' : 'connect', () => {
      socket.off('error', reject);
      resolve(client);
    });
  });
}
