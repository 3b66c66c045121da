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
    String.raw`^\s*(?:réponse|reponse|risposta|respuesta|resposta|antwort) autom[aáà]ti\w*`,
    String.raw`out of (?:the )?office|away (?:from|until)|on (?:vacation|holiday|leave)|i am away|i'm away|vacation (?:reply|message|notice)`,
    String.raw`automaattinen vastaus|automatick[áé] odpov|automatisch antwoord|automatiskt? (?:svar|besked)|autosvar|automatikus válasz|r[ăa]spuns automat|automatski odgovor|samodejni odgovor|automatyczna odpowied|otomatik (?:yan[ıi]t|cevap)|automatický|автоматический ответ|αυτόματη απάντηση|自動返信|自動回復|自动答复|자동\s?응답|תשובה אוטומטית`,
    String.raw`abwesenheit|nicht im büro|außer haus|absence|absent|hors du bureau|en congés?|fuera de la oficina|ausente|fuori (?:sede|ufficio)|assente|afwezig|niet aanwezig|frånvar|fravær|poissa|nieobecn|ausência|férias|不在|休暇|自動応答|自动回复|自動回覆|부재|отсутств|автоответ`,
  ].join('|'),
  'i',
);

const CHALLENGE =
  /(?:verify|confirm|prove) (?:that )?you(?:'re| are) (?:a )?(?:human|real|not a (?:robot|bot))|(?:allow|accept) (?:incoming )?(?:messages|e-?mails?|mail) only from (?:senders|people) (?:i|we) (?:have )?approved|(?:my|our) list of approved senders|add yourself to my (?:guest|approved|safe|allowed) ?list|(?:was|has been) waitlisted|verification required\]|please (?:click|confirm|verify).{0,60}(?:deliver|whitelist|approved? sender)|challenge[- ]response|spam ?arrest|boxbe|mailblocks|sender verification (?:request|required)|awaiting your confirmation|to complete the verification/i;
const ADDRESS_CHANGED =
  /(?:my|our|the) (?:new )?(?:e-?mail )?address (?:has )?changed|(?:is )?no longer (?:in use|valid|monitored|active)|please (?:update|use) (?:my|our) new (?:e-?mail )?address|new e-?mail address is/i;
const BOUNCE_SUBJECT =
  /undeliver|not delivered|delivery (?:status|failure|failed|notification)|failure notice|returned mail|mail delivery failed|non[- ]?remis|unzustellbar/i;

/**
 * A reply whose first lines say the person is away: many responders set no header. The
 * reply prefixes of common clients (Outlook, Gmail, Thunderbird) in their UI languages.
 */
const REPLY_SUBJECT =
  /^\s*(?:re|aw|sv|antw|r|rif|ynt|odp|odg|vs|vá|res|yanıt|cevap|отв|ответ|回复|回覆|答复|答覆|회신|답장)\s*(?:\[\d+\]\s*)?[:：]/i;
const OOO_BODY = new RegExp(
  [
    String.raw`\b(?:i am|i'm|i will be) (?:currently )?(?:out of (?:the )?office|away from (?:the |my )?(?:office|desk)|on (?:annual |parental |maternity |sick )?(?:leave|vacation|holiday))`,
    String.raw`out of (?:the )?office (?:until|from|and|with)|limited access to (?:my )?e-?mail|this is an automati(?:c|cally generated) (?:reply|response|message)`,
    String.raw`(?:ich bin|bin ich) .{0,40}(?:nicht im büro|abwesend|im urlaub)|je suis (?:actuellement )?absente?|absente? du bureau|estaré fuera|estoy fuera de la oficina`,
    // Italian, Portuguese, Dutch, Polish, Czech, Turkish, Russian.
    String.raw`(?:sar[òo]|sono) (?:assente|fuori (?:sede|ufficio)|in (?:ferie|vacanza|congedo))|assente dall'ufficio|risposta automatica`,
    String.raw`estou (?:ausente|fora do escritório|de férias)`,
    String.raw`ik ben (?:momenteel |vandaag |tot en met [^.\n]{1,30} )?(?:afwezig|niet (?:op kantoor|aanwezig)|met vakantie|op vakantie)|automatisch antwoord`,
    String.raw`jestem (?:obecnie |aktualnie )?(?:na urlopie|poza biurem|nieobecn[ya])|przebywam na urlopie|automatyczna odpowied`,
    String.raw`jsem (?:mimo kancelář|na dovolené|nepřítomn[ýá])|automatická odpověď`,
    String.raw`ofis dışındayım|izindeyim|tatildeyim|otomatik (?:yanıt|cevap)`,
    String.raw`(?:я |нахожусь )(?:в отпуске|в командировке|вне офиса)|в отпуске до|автоответ|автоматический ответ`,
    // Japanese, Chinese, Korean.
    String.raw`不在にしております|不在(?:のため|です)|休暇(?:を(?:いただいて|取得して)|中)|自動(?:返信|応答)`,
    String.raw`(?:我|本人)(?:正在|目前|现在)?(?:休假|出差|不在办公室)|自动回复|自動回覆`,
    String.raw`휴가 ?중|부재 ?중|자동 ?응답`,
  ].join('|'),
  'i',
);

/** A short body that only says the person is away is an auto-reply whatever its subject. */
const SHORT_BODY = 600;

function autoSubmitted(mail: Mail): boolean {
  const value = (mail.headers.raw('auto-submitted') ?? '').toLowerCase();
  if (value.startsWith('auto-replied')) return true;
  if (
    mail.headers.has('x-autoreply') ||
    mail.headers.has('x-autorespond') ||
    mail.headers.has('x-autoresponder')
  )
    return true;
  if (/^\s*reply/i.test(mail.headers.raw('x-autogenerated') ?? '')) return true;
  if (/auto[_-]?reply/i.test(mail.headers.raw('precedence') ?? '')) return true;
  return /vacation|autorespond/i.test(mail.headers.raw('x-mailer') ?? '');
}

export const autoReplyReader: Reader = {
  name: 'rfc3834',
  read(mail) {
    const subject = mail.subject;
    if (BOUNCE_SUBJECT.test(subject) || /mailer-daemon|postmaster/i.test(mail.from))
      return undefined;
    const head = mail.body.slice(0, 4096);
    const isAuto =
      autoSubmitted(mail) ||
      OOO_SUBJECT.test(subject) ||
      ((REPLY_SUBJECT.test(subject) || mail.body.trim().length < SHORT_BODY) &&
        OOO_BODY.test(head.slice(0, 600)));
    const isChallenge = CHALLENGE.test(subject) || CHALLENGE.test(head);
    const isMoved = ADDRESS_CHANGED.test(subject) || (isAuto && ADDRESS_CHANGED.test(head));
    if (!isAuto && !isChallenge && !isMoved) return undefined;
    const responder =
      findAddress(mail.headers.raw('from') ?? '') ?? findAddress(mail.headers.raw('sender') ?? '');
    const parser = isChallenge ? 'challenge-response' : isMoved ? 'address-changed' : 'rfc3834';
    const results = responder
      ? [{ recipient: responder, category: 'vacation' as const, diagnostic: subject }]
      : [];
    return {
      kind: 'autoreply',
      parser,
      results,
      unknownReason: 'auto-reply without a sender address',
    };
  },
};
