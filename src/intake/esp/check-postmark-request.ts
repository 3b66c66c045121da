/** Postmark: HTTP Basic credentials, then one object with a RecordType. */
import { basicAuthMatches } from './basic-auth.js';
import type { EspCheckOutcome, EspRequest } from './esp-request.js';
import { badSignature, invalidPayload, isObject, jsonOf, providerSettings } from './esp-request.js';

export function checkPostmarkRequest(
  request: EspRequest,
  settings: { user: string; password: string } | undefined,
): EspCheckOutcome {
  const credentials = providerSettings('postmark', settings);
  if (!basicAuthMatches(request.header('authorization'), credentials))
    throw badSignature('basic credentials missing or wrong');
  const value = jsonOf(request.body);
  if (!isObject(value) || typeof value['RecordType'] !== 'string')
    throw invalidPayload('not a Postmark webhook (no RecordType)');
  return { store: true };
}
