// Opens N SMTP connections at once and sends one message of the given size on each, generated
// on the fly in 64 KiB pieces (so this process stays small); a message answered 4xx is sent
// again after a pause, at most `tries` times. Prints one JSON line: replies by code, time.
//   node bench/lib/smtp-flood-client.js <port> <connections> <bytes> [tries=100]
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';

const [port, connections, bytes, tries = 100] = process.argv.slice(2).map(Number);
const LINE = `${'0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ab'}\r\n`;
const PIECE = Buffer.from(LINE.repeat(Math.floor(65_536 / LINE.length)));
const codes = {};

function session() {
  const socket = connect({ port, host: '127.0.0.1' });
  let buffer = '';
  const waiting = [];
  socket.setEncoding('latin1');
  socket.on('data', (chunk) => {
    buffer += chunk;
    for (let m; (m = /^(\d{3}) .*\r?\n/m.exec(buffer));) {
      buffer = buffer.slice(m.index + m[0].length);
      waiting.shift()?.(Number(m[1]));
    }
  });
  socket.on('error', () => undefined);
  const reply = () => new Promise((resolve) => waiting.push(resolve));
  const command = (line) => {
    const next = reply();
    socket.write(`${line}\r\n`);
    return next;
  };
  const write = (data) =>
    socket.write(data) ? undefined : new Promise((resolve) => socket.once('drain', resolve));
  return { socket, reply, command, write };
}

async function sendOne(index) {
  for (let attempt = 0; attempt < tries; attempt += 1) {
    const s = session();
    if ((await s.reply()) !== 220) throw new Error('no greeting');
    await s.command('EHLO flood.bench.example');
    // Declares SIZE as Postfix does, so a full budget can defer the message at MAIL (452).
    const mail = await s.command(`MAIL FROM:<> SIZE=${bytes + 128}`);
    if (mail !== 250) {
      codes[mail] = (codes[mail] ?? 0) + 1;
      s.socket.destroy();
      await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 300));
      continue;
    }
    await s.command('RCPT TO:<bounce@bounces.bench.example>');
    if ((await s.command('DATA')) !== 354) throw new Error('DATA refused');
    await s.write(
      `Subject: flood ${index}\r\nMessage-ID: <${randomBytes(8).toString('hex')}@bench>\r\n\r\n`,
    );
    for (let sent = 0; sent + PIECE.length <= bytes; sent += PIECE.length) await s.write(PIECE);
    const done = s.reply();
    await s.write('.\r\n');
    const code = await done;
    codes[code] = (codes[code] ?? 0) + 1;
    await s.command('QUIT').catch(() => undefined);
    s.socket.destroy();
    if (code === 250) return;
    await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 300));
  }
}

const start = Date.now();
await Promise.all(Array.from({ length: connections }, (_, i) => sendOne(i)));
console.log(JSON.stringify({ codes, seconds: (Date.now() - start) / 1000 }));
