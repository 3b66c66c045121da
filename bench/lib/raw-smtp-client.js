// A minimal SMTP client for benchmarks: one connection, TCP_NODELAY, one message at a time,
// reading one reply per command — so the figures measure the server, not a client library.
import { connect } from 'node:net';

export async function openSmtpSession(port, host = '127.0.0.1') {
  const socket = connect({ port, host });
  socket.setNoDelay(true);
  socket.setEncoding('utf8');
  let buffer = '';
  const waiting = [];
  socket.on('data', (chunk) => {
    buffer += chunk;
    // A complete reply ends with a line "NNN text" (a space after the code, not a dash).
    for (;;) {
      const match = /^(\d{3}) .*\r?\n/m.exec(buffer);
      if (!match) return;
      const end = match.index + match[0].length;
      const reply = buffer.slice(0, end);
      buffer = buffer.slice(end);
      waiting.shift()?.(reply);
    }
  });
  const reply = () => new Promise((resolve) => waiting.push(resolve));
  const command = (line) => {
    const next = reply();
    socket.write(`${line}\r\n`);
    return next;
  };
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  await reply();
  await command('EHLO bench.example');
  return {
    async send(from, to, raw) {
      await command(`MAIL FROM:<${from}>`);
      for (const rcpt of to) await command(`RCPT TO:<${rcpt}>`);
      const go = await command('DATA');
      if (!go.startsWith('354')) throw new Error(`DATA refused: ${go}`);
      const body = raw.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
      const done = reply();
      socket.write(`${body}${body.endsWith('\r\n') ? '' : '\r\n'}.\r\n`);
      const answer = await done;
      if (!answer.startsWith('250')) throw new Error(`message refused: ${answer}`);
      return answer;
    },
    /** Clears a half-done transaction (after a 4xx) so the next send starts clean. */
    async reset() {
      return command('RSET');
    },
    async close() {
      await command('QUIT').catch(() => undefined);
      socket.end();
    },
  };
}
