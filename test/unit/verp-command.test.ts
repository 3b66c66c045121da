import { describe, expect, it } from 'vitest';
import { runCliCommand } from '../helpers/run-cli.js';
import { verpCommand } from '../../src/cli/commands/verp.js';

const env = { VERP_SECRET: 'a-secret-of-sixteen+', RETURN_PATH_DOMAINS: 'bounces.example.com' };

describe('rebound verp', () => {
  it('encodes a return path that decodes back to the recipient and delivery', async () => {
    const encoded = await runCliCommand(
      verpCommand,
      ['encode', '--recipient', 'Jane.Doe@Example.org', '--delivery-id', '42'],
      env,
    );
    expect(encoded.code).toBe(0);
    const address = encoded.out.trim();
    expect(address).toMatch(/^bounce\+42-.+@bounces\.example\.com$/);
    const decoded = await runCliCommand(verpCommand, ['decode', address], env);
    expect(decoded).toMatchObject({ code: 0, json: { valid: true, deliveryId: '42' } });
    expect(String((decoded.json as { recipient: string }).recipient).toLowerCase()).toBe(
      'jane.doe@example.org',
    );
  });

  it('says a tampered address is forged, and refuses to run without a secret', async () => {
    const encoded = (
      await runCliCommand(
        verpCommand,
        ['encode', '--recipient', 'a@example.org', '--delivery-id', '7'],
        env,
      )
    ).out.trim();
    const tampered = encoded.replace('a=example.org', 'b=example.org');
    expect(await runCliCommand(verpCommand, ['decode', tampered], env)).toMatchObject({
      code: 1,
      json: { valid: false, reason: 'forged' },
    });
    expect(
      (
        await runCliCommand(
          verpCommand,
          ['encode', '--recipient', 'a@example.org', '--delivery-id', '7'],
          {},
        )
      ).code,
    ).toBe(2);
  });
});
