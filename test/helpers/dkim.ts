/**
 * DKIM for tests: a key pair made in the test, a signer (mailauth's), and a resolver that
 * answers the key's TXT record, so complaint checks run without DNS or the network.
 */
import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth/lib/dkim/sign.js';
import type { DKIMSignOptions } from 'mailauth';
import type { DkimResolver } from '../../src/worker/verify-feedback-source.js';

export interface TestDkimKey {
  domain: string;
  selector: string;
  privateKey: string;
  /** The `selector._domainkey.domain` TXT record. */
  record: string;
}

export function makeDkimKey(domain: string, selector = 'fbl'): TestDkimKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const spki = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  return {
    domain,
    selector,
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    record: `v=DKIM1; k=rsa; p=${spki}`,
  };
}

/** Answers the TXT lookups of these keys; any other name does not exist (ENOTFOUND). */
export function resolverFor(...keys: TestDkimKey[]): DkimResolver & { lookups: string[] } {
  const lookups: string[] = [];
  const resolver = async (name: string) => {
    lookups.push(name);
    const key = keys.find((k) => `${k.selector}._domainkey.${k.domain}` === name.toLowerCase());
    if (!key) throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    return [[key.record]];
  };
  return Object.assign(resolver, { lookups });
}

/** The message with a DKIM-Signature of `key` (for `domain`, d=, when given) prepended. */
export async function signMessage(
  raw: string,
  key: TestDkimKey,
  options: { domain?: string; headerList?: string[]; maxBodyLength?: number } = {},
): Promise<string> {
  const signature = {
    signingDomain: options.domain ?? key.domain,
    selector: key.selector,
    privateKey: key.privateKey,
    ...(options.maxBodyLength !== undefined ? { maxBodyLength: options.maxBodyLength } : {}),
  };
  // The signer reads signatureData and a colon-separated headerList; its typings show the
  // fields at the top level and headerList as an array.
  const signOptions = {
    ...signature,
    signatureData: [signature],
    ...(options.headerList ? { headerList: options.headerList.join(':') } : {}),
  } as unknown as DKIMSignOptions;
  const signed = await dkimSign(raw, signOptions);
  if (signed.errors.length > 0) throw signed.errors[0];
  return signed.signatures + raw;
}
