// Drain rate of the IMAP poller against a local Dovecot: N bounces in the maildir, a no-op
// spool (sha256 of the bytes, like the real dedupe key), time from start until every message
// sits \Seen in Processed. Run after `npm run build`, as root (Dovecot switches uid):
//   node bench/imap-drain.bench.js [count=2000] [batch=500]
// Starts its own Dovecot like test/helpers/dovecot.ts does (plain JS: node cannot import TS).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { parseImapUrl, startImapPoller } from '../dist/intake/imap/index.js';

const count = Number(process.argv[2] ?? 2000);
const batch = Number(process.argv[3] ?? 500);
if (!existsSync('/usr/sbin/dovecot'))
  throw new Error('dovecot-imapd is not installed (apt-get install -y dovecot-imapd)');
if (process.getuid?.() !== 0) throw new Error('run as root: Dovecot must switch to the mail uid');

const port = await new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port: p } = server.address();
    server.close(() => resolve(p));
  });
});
const dir = mkdtempSync(join(tmpdir(), 'rebound-bench-dovecot-'));
chmodSync(dir, 0o755);
const home = join(dir, 'mail', 'bounces');
for (const sub of ['tmp', 'new', 'cur']) mkdirSync(join(home, sub), { recursive: true });
for (const path of [join(dir, 'mail'), home, ...['tmp', 'new', 'cur'].map((s) => join(home, s))])
  chownSync(path, 65534, 65534);
writeFileSync(join(dir, 'passwd'), 'bounces:{PLAIN}secret::::::\n');
writeFileSync(
  join(dir, 'dovecot.conf'),
  `base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = rebound-bench-${port}
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
mail_location = maildir:${dir}/mail/%u
mail_fsync = never
first_valid_uid = 1
first_valid_gid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=65534 gid=65534 home=${dir}/mail/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`,
);

// A DSN-sized message (about 3 KB), each one different.
const filler = 'This is the mail system at host mta.example.test. '.repeat(50);
for (let i = 0; i < count; i++) {
  const name = `${Date.now()}.P${process.pid}Q${i}.bench`;
  const raw = `Return-Path: <>\r\nDelivered-To: bounce+b${i}@bounces.example.test\r\nMessage-ID: <bench-${i}@example.test>\r\nSubject: Undelivered Mail Returned to Sender\r\n\r\n${filler}\r\n`;
  writeFileSync(join(home, 'new', name), raw);
  chownSync(join(home, 'new', name), 65534, 65534);
}

const dovecot = spawn('/usr/sbin/dovecot', ['-F', '-c', join(dir, 'dovecot.conf')], {
  stdio: 'inherit',
  detached: true,
});
try {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const hashes = new Set();
  const processed = () => {
    const path = join(home, '.Processed', 'cur');
    return existsSync(path) ? readdirSync(path).length : 0;
  };
  const started = process.hrtime.bigint();
  const poller = startImapPoller({
    mailboxes: [
      parseImapUrl(`imap://bounces:secret@127.0.0.1:${port}/INBOX?tls=none&batch=${batch}`),
    ],
    acceptMessage: async (message) => {
      const hash = createHash('sha256').update(message.raw).digest('hex');
      const duplicate = hashes.has(hash);
      hashes.add(hash);
      return { spoolId: hash.slice(0, 16), duplicate };
    },
    logger: pino({ level: 'warn' }),
  });
  let accepted = 0;
  while ((accepted = hashes.size) < count || processed() < count) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await poller.stop();
  const rss = Math.round(process.memoryUsage().rss / 1e6);
  console.log(
    JSON.stringify({
      bench: 'imap-drain',
      messages: accepted,
      batch,
      seconds: +seconds.toFixed(2),
      messagesPerSecond: Math.round(count / seconds),
      rssMB: rss,
    }),
  );
} finally {
  process.kill(-dovecot.pid, 'SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 300));
  rmSync(dir, { recursive: true, force: true });
}
