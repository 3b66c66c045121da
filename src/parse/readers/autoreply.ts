/**
 * RFC 3834 automatic responses (§5: Auto-Submitted: auto-replied), the de-facto headers
 * of common responders, and out-of-office subjects in several languages. Challenge/
 * response requests and "address changed" notices are automatic replies too: never bounces.
 * The recipient is the responder, i.e. the From of the reply.
 */
import type { Mail } from '../mail.js';
import { findAddress } from '../text/address.js';
import type { Reader } from './types.js';

const OOO_SUBJECT = new RegExp(
  [
    String.raw`^\s*(?:auto(?:matic|matische|matique|matico|mática)?[ _-]?(?:reply|response|answer|antwort|réponse|reponse|risposta|respuesta|resposta|svar|odpowiedź)|auto:|autoreply|autoresponse)`,
    String.raw`^\s*(?:réponse|reponse|risposta|respuesta|resposta|antwort|resposta) automati\w*`,
    String.raw`out of (?:the )?office|away (?:from|until)|on (?:vacation|holiday|leave)|i am away|i'm away|vacation (?:reply|message|notice)`,
    String.raw`abwesenheit|nicht im büro|außer haus|absence|absent|hors du bureau|en congés?|fuera de la oficina|ausente|fuori (?:sede|ufficio)|assente|afwezig|niet aanwezig|frånvar|fravær|poissa|nieobecn|ausência|férias|不在|休暇|自動応答|自动回复|自動回覆|부재|отсутств|автоответ`,
  ].join('|'),
  'i',
);

const CHALLENGE = /verify (?:that )?you are (?:a )?(?:human|real)|please (?:click|confirm|verify).{0,60}(?:deliver|whitelist|approved? sender)|challenge[- ]response|spam ?arrest|boxbe|mailblocks|sender verification (?:request|required)|awaiting your confirmation|to complete the verification/i;
const ADDRESS_CHANGED = /(?:my|our|the) (?:new )?(?:e-?mail )?address (?:has )?changed|(?:is )?no longer (?:in use|valid|monitored|active)|please (?:update|use) (?:my|our) new (?:e-?mail )?address|new e-?mail address is/i;
const BOUNCE_SUBJECT = /undeliver|not delivered|delivery (?:status|failure|failed|notification)|failure notice|returned mail|mail delivery failed|non[- ]?remis|unzustellbar/i;

function autoSubmitted(mail: Mail): boolean {
  const value = (mail.headers.raw('auto-submitted') ?? '').toLowerCase();
  if (value.startsWith('auto-replied')) return true;
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond') || mail.headers.has('x-autoresponder')) return true;
  if (/auto[_-]?reply/i.test(mail.headers.raw('precedence') ?? '')) return true;
  return /vacation|autorespond/i.test(mail.headers.raw('x-mailer') ?? '');
}

export const autoReplyReader: Reader = {
  name: 'rfc3834',
  read(mail) {
    const subject = mail.subject;
    if (BOUNCE_SUBJECT.test(subject) || /mailer-daemon|postmaster/i.test(mail.from)) return undefined;
    const head = mail.body.slice(0, 4096);
    const isAuto = autoSubmitted(mail) || OOO_SUBJECT.test(subject);
    const isChallenge = CHALLENGE.test(subject) || CHALLENGE.test(head);
    const isMoved = ADDRESS_CHANGED.test(subject) || (isAuto && ADDRESS_CHANGED.test(head));
    if (!isAuto && !isChallenge && !isMoved) return undefined;
    const responder = findAddress(mail.headers.raw('from') ?? '') ?? findAddress(mail.headers.raw('sender') ?? '');
    const parser = isChallenge ? 'challenge-response' : isMoved ? 'address-changed' : 'rfc3834';
    const results = responder ? [{ recipient: responder, category: 'vacation' as const, diagnostic: subject }] : [];
    return { kind: 'autoreply', parser, results, unknownReason: 'auto-reply without a sender address' };
  },
};
