/**
 * `rebound verp encode|decode`: the signed VERP envelope sender for one recipient of one
 * delivery (for senders not written in JavaScript), and the reverse, with the service's own
 * VERP_SECRET and VERP_PREFIX.
 */
import type { CliCommand } from '../command.js';
import { loadConfig } from '../../config.js';
import { describeError } from '../../errors.js';
import { decodeVerpAddress, encodeVerpAddress } from '../../parse/verp.js';

const HELP = `Usage: rebound verp encode --recipient ADDRESS --delivery-id ID [--domain DOMAIN]
       rebound verp decode ADDRESS

encode prints the envelope sender to use for one recipient of one delivery, e.g.
  bounce+42-jane.doe=example.org-k3j5q7a2bc@bounces.example.com
Bounces sent back to it name the recipient and the delivery even when their text does not,
and a forged one is detected (HMAC-SHA256 with VERP_SECRET). --domain defaults to the first
of RETURN_PATH_DOMAINS. decode prints {"valid", "recipient", "deliveryId"} as JSON.

Needs VERP_SECRET (at least 16 characters); VERP_PREFIX sets the prefix (default bounce).`;

function option(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
}

export const verpCommand: CliCommand = {
  name: 'verp',
  summary: 'encode or decode a signed VERP return path',
  help: HELP,
  async run(argv, io) {
    let config;
    try {
      config = loadConfig(io.env);
    } catch (error) {
      io.stderr.write(`rebound verp: ${describeError(error)}\n`);
      return 2;
    }
    const secret = config.verp.secret;
    if (!secret) {
      io.stderr.write('rebound verp: VERP_SECRET is not set\n');
      return 2;
    }
    const [action, ...rest] = argv;
    if (action === 'encode') {
      const recipient = option(rest, '--recipient');
      const deliveryId = option(rest, '--delivery-id');
      const domain = option(rest, '--domain') ?? config.returnPathDomains[0];
      if (!recipient || !deliveryId || !domain) {
        io.stderr.write(
          `rebound verp: encode needs --recipient, --delivery-id and a domain\n\n${HELP}\n`,
        );
        return 2;
      }
      io.stdout.write(
        `${encodeVerpAddress({ recipient, deliveryId, domain, secret, prefix: config.verp.prefix })}\n`,
      );
      return 0;
    }
    if (action === 'decode' && rest[0]) {
      const decoded = decodeVerpAddress(rest[0], { secret, prefix: config.verp.prefix });
      io.stdout.write(
        `${JSON.stringify(decoded ?? { valid: false, reason: 'not a VERP address' })}\n`,
      );
      return decoded?.valid ? 0 : 1;
    }
    io.stderr.write(`${HELP}\n`);
    return 2;
  },
};
