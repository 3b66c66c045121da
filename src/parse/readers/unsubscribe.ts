/**
 * RFC 2369 `List-Unsubscribe: <mailto:...>` requests: a person's mail to the unsubscribe
 * address (on the return-path domain), usually with the subject the mailto: URI set.
 * The recipient is the person asking, i.e. the From (or the VERP token, applied later).
 */
import type { Mail } from '../mail.js';
import { findAddress } from '../text/address.js';
import type { ReadContext, Reader } from './types.js';

const UNSUBSCRIBE_WORD =
  /^(?:re:\s*)?\s*(?:unsubscribe|unsub|remove(?: me)?|opt[- ]?out|stop|désinscri\w*|desinscri\w*|abmelden|austragen|annulla iscrizione|cancelar suscripción|darse de baja|afmelden|配信停止|退订)\b/i;
const UNSUBSCRIBE_LOCAL =
  /(?:^|[+._-])(?:unsubscribe|unsub|optout|opt-out|leave|remove)(?:$|[+._-])/i;

function addressedToUnsubscribe(mail: Mail, ctx: ReadContext): boolean {
  const targets = [...ctx.envelopeTo, ...mail.headers.all('to')];
  return targets.some((t) => {
    const a = findAddress(t);
    return a !== undefined && UNSUBSCRIBE_LOCAL.test(a.slice(0, a.lastIndexOf('@')));
  });
}

export const unsubscribeReader: Reader = {
  name: 'unsubscribe',
  read(mail, ctx) {
    if (/mailer-daemon|postmaster/i.test(mail.from)) return undefined;
    const auto = (mail.headers.raw('auto-submitted') ?? 'no').toLowerCase();
    if (!auto.startsWith('no')) return undefined;
    if (!UNSUBSCRIBE_WORD.test(mail.subject) && !addressedToUnsubscribe(mail, ctx))
      return undefined;
    const from =
      findAddress(mail.headers.raw('from') ?? '') ?? findAddress(mail.headers.raw('sender') ?? '');
    const results = from
      ? [{ recipient: from, category: 'feedback' as const, action: 'unsubscribe' }]
      : [];
    return { kind: 'unsubscribe', parser: 'unsubscribe', results };
  },
};
