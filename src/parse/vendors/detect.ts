/** Small predicates the vendor formats use to recognise themselves. */
import type { Mail } from '../mail.js';

export function fromMatches(mail: Mail, re: RegExp): boolean {
  return re.test(mail.from);
}

export function subjectMatches(mail: Mail, re: RegExp): boolean {
  return re.test(mail.subject);
}

/** Tests the first 4 KiB of the bounce's own text. */
export function bodyMatches(mail: Mail, re: RegExp): boolean {
  const body = mail.body || mail.allText;
  return re.test(body.length > 4096 ? body.slice(0, 4096) : body);
}

export function headerMatches(mail: Mail, name: string, re: RegExp = /./): boolean {
  return mail.headers.all(name).some((v) => re.test(v));
}

/** A Received header of the bounce itself names this software or host. */
export function receivedMatches(mail: Mail, re: RegExp): boolean {
  return mail.headers.all('received').some((v) => re.test(v));
}
