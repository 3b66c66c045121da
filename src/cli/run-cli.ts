/**
 * The `rebound` command dispatcher. Each command lives in its own file under commands/ and is
 * loaded only when asked for, so `rebound parse` starts without the server, queue or database.
 */
import type { CliCommand, CliIo } from './command.js';

/** Command name → loader. Kept in one table so `--help` lists exactly what exists. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  start: {
    summary: 'run the service (same as npm start)',
    load: async () => (await import('./commands/start.js')).startCommand,
  },
  parse: {
    summary: 'parse bounce files and print one JSON line each',
    load: async () => (await import('./commands/parse.js')).parseCommand,
  },
  verp: {
    summary: 'encode or decode a signed VERP return path',
    load: async () => (await import('./commands/verp.js')).verpCommand,
  },
  'unsubscribe-link': {
    summary: 'print a signed one-click unsubscribe link and its headers',
    load: async () => (await import('./commands/unsubscribe-link.js')).unsubscribeLinkCommand,
  },
  normalize: {
    summary: 'normalize error texts read on stdin (#xxx#, *)',
    load: async () => (await import('./commands/normalize.js')).normalizeCommand,
  },
  cleanup: {
    summary: 'return addresses to valid per the cleanup policy',
    load: async () => (await import('./commands/cleanup.js')).cleanupCommand,
  },
  release: {
    summary: 'release quarantined addresses in bulk by a query',
    load: async () => (await import('./commands/release.js')).releaseCommand,
  },
  import: {
    summary: 'load a suppression list (Rebound, Adobe, SES, Postmark, Mailgun, SendGrid)',
    load: async () => (await import('./commands/import.js')).importCommand,
  },
  export: {
    summary: 'write the quarantine list as CSV or JSONL',
    load: async () => (await import('./commands/export.js')).exportCommand,
  },
  rules: {
    summary: 'sync, check or list the qualification rules',
    load: async () => (await import('./commands/rules.js')).rulesCommand,
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(
    ([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`,
  );
  return `Usage: rebound <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun "rebound <command> --help" for a command's options.\nConfiguration comes from environment variables (see README.md).`;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr.write(`rebound: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.help}\n`);
    return 0;
  }
  return command.run(rest, io);
}
