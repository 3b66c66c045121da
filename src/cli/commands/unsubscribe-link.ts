/**
 * `rebound unsubscribe-link`: the signed one-click unsubscribe link (RFC 8058) for one
 * recipient of one delivery, and the two headers to put in the message — for senders not
 * written in JavaScript (those call createUnsubscribeLink from src/unsubscribe/).
 */
import type { CliCommand } from '../command.js';
import { lastValue, readOptions } from '../args.js';
import { loadConfig } from '../../config.js';
import { describeError } from '../../errors.js';
import { createUnsubscribeLink } from '../../unsubscribe/unsubscribe-token.js';

const HELP = `Usage: rebound unsubscribe-link --recipient ADDRESS [--service NAME] [--delivery-id ID]
                                [--base-url URL] [--json]

Prints the two headers a bulk sender puts in each message (RFC 8058):
  List-Unsubscribe: <https://rebound.example.com/u/u1.…>
  List-Unsubscribe-Post: List-Unsubscribe=One-Click
The link's token names the recipient, the list or service left (--service; absent: all mail
on the channel) and the delivery, signed with VERP_SECRET: a changed link is refused. A POST
of List-Unsubscribe=One-Click to it opts the address out; opening it shows a confirmation
page with a button. --base-url defaults to UNSUBSCRIBE_BASE_URL (where /u/ is reachable from
the internet). --json prints {"url", "headers"} instead.

Needs VERP_SECRET (at least 16 characters).`;

export const unsubscribeLinkCommand: CliCommand = {
  name: 'unsubscribe-link',
  summary: 'print a signed one-click unsubscribe link and its headers',
  help: HELP,
  async run(argv, io) {
    let config;
    try {
      config = loadConfig(io.env);
    } catch (error) {
      io.stderr.write(`rebound unsubscribe-link: ${describeError(error)}\n`);
      return 2;
    }
    const secret = config.verp.secret;
    if (!secret) {
      io.stderr.write('rebound unsubscribe-link: VERP_SECRET is not set\n');
      return 2;
    }
    const options = readOptions(argv, {
      values: ['--recipient', '--base-url', '--service', '--delivery-id'],
      flags: ['--json'],
    });
    if (typeof options === 'string') {
      io.stderr.write(`rebound unsubscribe-link: ${options}\n\n${HELP}\n`);
      return 2;
    }
    const recipient = lastValue(options, '--recipient');
    const baseUrl = lastValue(options, '--base-url') ?? config.unsubscribe.baseUrl;
    if (!recipient?.includes('@') || !baseUrl || !/^https?:\/\//i.test(baseUrl)) {
      io.stderr.write(
        `rebound unsubscribe-link: needs --recipient ADDRESS and a base URL (--base-url or UNSUBSCRIBE_BASE_URL)\n\n${HELP}\n`,
      );
      return 2;
    }
    const service = lastValue(options, '--service');
    const deliveryId = lastValue(options, '--delivery-id');
    const link = createUnsubscribeLink({
      baseUrl,
      secret,
      recipient,
      ...(service ? { service } : {}),
      ...(deliveryId ? { deliveryId } : {}),
    });
    io.stdout.write(
      options.flags.has('--json')
        ? `${JSON.stringify(link)}\n`
        : `${Object.entries(link.headers)
            .map(([name, value]) => `${name}: ${value}`)
            .join('\n')}\n`,
    );
    return 0;
  },
};
