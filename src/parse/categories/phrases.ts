/**
 * Phrase patterns → category: the data table the free-text classifier runs, first match
 * wins. Each row names the kind of reply it targets, in the words real MTAs and mailbox
 * providers use (Postfix, Exim, Sendmail, qmail, Courier, Exchange / Microsoft 365, Gmail,
 * Yahoo, Domino, Japanese and French providers). Patterns are case-insensitive and run on
 * the diagnostic with whitespace collapsed. Add rows here, never branches in code.
 *
 * Strength says how a row weighs against the enhanced status code (see classify.ts):
 * - `decisive`: names the cause precisely; beats any status code ("5.1.1 ... listed at
 *   Spamhaus" is a blocklisting, not an unknown user).
 * - `normal`: beats a vague code, yields to a code that names a category precisely.
 * - `weak`: generic refusal wording ("access denied", "policy"); the SMTP stage and the
 *   status code decide first.
 */
import type { Category } from '../../core/vocabulary.js';

export type PhraseStrength = 'decisive' | 'normal' | 'weak';

export interface PhraseRule {
  category: Category;
  strength: PhraseStrength;
  pattern: RegExp;
  /**
   * The category when the report says the sender is still retrying (RFC 3464 Action
   * "delayed"): a timeout is a network failure until the sender gives up, then it expired.
   */
  whileRetrying?: Category;
}

type Row = [Category, PhraseStrength, string, Category?];

/** Japanese wording of the commonest verdicts (carriers and Japanese MTAs, UTF-8 decoded). */
const JA = {
  userunknown: String.raw`宛先(?:が|の)?(?:見つかりません|不明)|(?:メール)?アドレス(?:が|は)(?:見つかりません|存在しません|登録されていません)|存在しない(?:メール)?(?:アドレス|ユーザ)|(?:アドレス|ユーザー?|アカウント)(?:は|が)存在しません|該当するユーザ|ディレクトリのリストにありません`,
  mailboxfull: String.raw`(?:メールボックス|メールBOX|受信箱)の容量を?超|容量(?:を)?超過|容量(?:が)?(?:不足|オーバー)|メールボックスが(?:いっぱい|一杯|満杯)`,
  suspend: String.raw`利用(?:を)?停止|(?:アカウント|メールボックス)(?:が|は)?(?:停止|無効)`,
  emailtoolarge: String.raw`(?:サイズ|容量)(?:が|の)?(?:制限|上限)を?超え|メールが大きすぎ`,
};

const rows: Row[] = [
  // A local delivery program failed (Sendmail's X-Unix diagnostic type, procmail, Exim pipes).
  // sysexits.h: EX_NOUSER, EX_NOHOST, EX_NOPERM and EX_CONFIG say more than "failed".
  ['userunknown', 'decisive', String.raw`^x-unix; ?67$`],
  ['hostunknown', 'decisive', String.raw`^x-unix; ?68$`],
  ['systemerror', 'decisive', String.raw`^x-unix; ?7[78]$`],
  // A delivery agent's quota refusal ("maildrop: maildir over quota") names the mailbox.
  [
    'mailboxfull',
    'decisive',
    String.raw`maildir over quota|over ?quota|quota ?exceeded|disk quota`,
  ],
  [
    'mailererror',
    'decisive',
    String.raw`^x-unix; ?\d+$|procmail|maildrop:|pipe to \||(?:local )?mailer (?:program )?(?:failed|error|died)|command (?:died|failed) with status|child process of \S+ transport returned \d|exit (?:code|status) \d|returned non-zero|(?:sh|bash): .{0,60}(?:not found|permission denied)`,
  ],
  // Content verdicts name the message, whatever the code says.
  [
    'virusdetected',
    'decisive',
    String.raw`\bvirus(?:es)?\b|malware|\binfected\b|\bworm\b|trojan|malicious (?:content|attachment|payload|code|file|link|url)|(?:dangerous|unsafe) (?:attachment|file|content)`,
  ],
  // RFC 5322 conformance: Gmail adds "to reduce the amount of spam", the format is the cause.
  [
    'notcompliantrfc',
    'decisive',
    String.raw`not rfc ?(?:5322|2822|822)[- ]?complian|not (?:rfc|standards?)[- ]complian|rfc ?(?:5322|2822|822) (?:violation|non-?complian|complian)|multiple (?:addresses in (?:the )?from|[a-z-]+ headers)|duplicate (?:[a-z-]+ )?header|missing (?:a )?(?:valid |required )?(?:message-?id|date|from) (?:header|field)|bare (?:lf|cr|linefeed|newline)s?\b`,
  ],
  // SPF, DKIM, DMARC, ARC (RFC 7208, 6376, 7489, 8617); Gmail's "authentication information".
  [
    'authfailure',
    'decisive',
    String.raw`\bdmarc\b|\bspf\b(?! ?(?:record (?:not found|missing)))|sender policy framework|\bdkim\b|domainkeys|does not have authentication information|fails? to pass (?:sender )?authentication|authentication checks? (?:failed|did not pass)|not (?:pass|passing) (?:sender )?authentication|required authentication level|fails? (?:sender )?authentication requirements|arc validation`,
  ],
  // URL blocklists judge the content, not the sending host.
  [
    'spamdetected',
    'decisive',
    String.raw`(?:black|block)listed (?:url|uri|link|domain in (?:the )?(?:message|body))|(?:url|uri|link)s? .{0,30}(?:black|block)listed|\buribl\b|\bsurbl\b|dbl\.spamhaus`,
  ],
  // Sender-address blocklists are about the envelope sender (rejected), not the host.
  [
    'rejected',
    'decisive',
    String.raw`(?:sender|from|envelope|e-?mail) address .{0,40}(?:black|block|deny) ?list|sender (?:domain|address|e-?mail) (?:is )?(?:on|in|listed (?:on|in)) (?:our|the|a) (?:black|block|deny) ?list|address that has been (?:black|block)listed|sender .{0,20}(?:black|block)listed`,
  ],
  [
    'badreputation',
    'decisive',
    String.raw`reputation(?<!barracuda reputation)|poor (?:sender )?standing|sender ?score|low (?:sender )?trust|deferred due to (?:unexpected volume or )?user complaints`,
  ],
  // Missing or mismatching PTR (Postfix reject_unknown_client_hostname, Gmail 5.7.25...).
  [
    'requireptr',
    'decisive',
    String.raw`\bptr\b|reverse (?:dns|lookup|zone|address|hostname|name)|\brdns\b|cannot find your (?:reverse )?hostname|(?:ip|client|host).{0,40}(?:has|have) no (?:reverse|name|hostname|ptr)|unresolvable (?:sender|client|host|reverse)|client (?:host ?name|ip) (?:lookup|mismatch|does not match)|ip name lookup failed|(?:mismatches|does not match) (?:the )?(?:client|connecting|sending) ip|unverif[iy]able sending ips?|name service error for your ip|unknown client host`,
  ],
  // The sending MTA's own TCP failure ("connect to mx[198.51.100.1]:25: Connection refused"):
  // nobody refused the mail, the host did not answer.
  [
    'networkerror',
    'decisive',
    String.raw`connect to \S+?(?::\d+)?: (?:connection refused|no route to host|network is unreachable)`,
  ],
  // Mail loops (RFC 5321 §6.3) whatever refusal wording surrounds them.
  [
    'networkerror',
    'decisive',
    String.raw`hop count exceeded|mail (?:forwarding )?loop|routing loop|too many hops|loops? back to myself`,
  ],
  // cPanel's Exim: "The account or domain may not exist, they may be blacklisted, or ...".
  ['hostunknown', 'decisive', String.raw`(?:account or )?domain may not exist`],
  // Greylisting (postgrey, rspamd, Exchange's own) defers a sending host it has not seen
  // with this sender and recipient: a deliberate, temporary refusal of the host, not a
  // verdict on the address ("Recipient address rejected: Greylisted") nor a failure of the
  // remote system. The vocabulary's nearest meaning is a block of the sending host.
  ['blocked', 'decisive', String.raw`gr[ae]y ?list(?:ed|ing)?\b|gr[ae]y-list`],
  // DNS blocklists and IP refusals.
  [
    'blocked',
    'decisive',
    String.raw`spamhaus|spamcop|\bsorbs\b|barracuda ?(?:central|reputation)|abuseat|\bdnsbls?\b|\brbls?\b|blocked using|(?<!not )listed (?:at|on|in|by) |(?:black|block|deny|ban) ?list(?:ed)?|banned sending ip|(?:ip|client|host|network|source)(?: address)? (?:is |has been |was )?(?:banned|blocked|bloqu)|client host (?:rejected|blocked)|dynamic (?:ip|address|pool|range)|residential|dial-?up|(?:use|through) (?:the )?(?:smtp|mail) server of your (?:isp|provider)|use your (?:isp|provider)'?s? (?:smtp|mail|relay)|not accepting connections|no smtp service(?<!indicated no smtp service)|unwanted messages have been sent from|messages from \S+ weren't sent|(?:invalid|unauthori[sz]ed|unregistered) ip (?:address )?for sending|service refus|not authorized to send (?:e-?mail )?directly|use the smtp relay at your (?:service )?provider`,
  ],
  // Orange / Wanadoo content rejection.
  ['spamdetected', 'decisive', String.raw`mail rejete\. mail rejected`],
  [
    'spamdetected',
    'decisive',
    String.raw`\bspam\b(?<!(?:from|amount of|volume of|against|fight|fighting|reduce|prevent|preventing) spam)(?!haus| ?cop| ?rats| ?trap)|\bspammy\b|junk ?mail|unsolicited (?:bulk|commercial)|bulk mail|content (?:filter|was) rejected|(?:message|mail) (?:content|contents) (?:rejected|denied|refused|not accepted)|looks like spam|classified as (?:spam|bulk)|suspicious (?:content|url)|\bu[bc]e\b|high probability of being spam|scored? (?:as|too high)|rejected by (?:content|spam) filter|spam ?score|phish|(?:likely|considered|deemed|identified as) (?:to be )?unsolicited|(?:under )?suspicion of spam|suspected (?:as |of )?spam`,
  ],
  [
    'ratelimited',
    'decisive',
    String.raw`too many (?:connections|concurrent|sessions|simultaneous|mails|recipients|errors|hops|sends|rcpt|messages(?! (?:in|on|for) (?:the |this |his |her |your )?(?:mailbox|account|folder|inbox)))|rate ?limit|(?:sending|message|connection|receiving|submission) rate|too fast|throttl|(?:exceeded|exceeds|over) (?:the )?(?:maximum|max|allowed|daily|hourly)? ?(?:number of )?(?:connections|messages|sending|sends|recipients|rate|quota for sending)|try (?:again )?later.{0,40}(?:volume|rate)|connection limit|frequency limit|too much (?:mail|traffic)|mail flood|(?:please )?slow down|unusual (?:volume|rate|traffic)|high volume|receiving mail (?:at a rate|too quickly)|(?:per[- ]hour|hourly|daily) (?:message )?(?:receive|receiving|sending) limit`,
  ],
  [
    'failedstarttls',
    'decisive',
    String.raw`starttls|\btls\b.{0,30}(?:required|fail|handshake|negotiat|not (?:available|supported|offered))|(?:not|doesn't|does not) support (?:the )?(?:starttls|tls|encryption)|encryption (?:is )?(?:required|needed)|requires? (?:a )?(?:secure|encrypted|tls) (?:connection|channel)|requires? (?:that the message be sent with )?tls\b`,
  ],
  [
    'norelaying',
    'decisive',
    String.raw`relay(?:ing)? (?:access )?(?:denied|not (?:permitted|allowed|authorized))|(?:unable|not allowed|we do not|cannot|not) (?:to )?relay|relaying (?:is )?(?:prohibited|disallowed)|no relaying|open relay|insecure mail relay|use me .{0,60}as a relay|not a gateway|(?:domain|host) (?:isn't|is not) in my list of allowed rcpthosts|not (?:configured|authorized) to (?:relay|accept mail for)|mail for .{0,60} not accepted here|relay not permitted|identities failed the check`,
  ],
  ['filtered', 'decisive', String.raw`recipient(?:'s)? preferences`],
  [
    'suppressed',
    'decisive',
    String.raw`suppression list|suppressed (?:address|recipient|because)|on (?:the|our|a) (?:account-level )?suppression|address is suppressed|previously (?:bounced|hard bounced|complained|unsubscribed)|recipient (?:address )?is on the (?:bounce|block) list`,
  ],
  // SMTP AUTH (RFC 4954) and sender-identity refusals that are not SPF/DKIM/DMARC.
  [
    'securityerror',
    'normal',
    String.raw`authentication (?:is )?(?:required|needed)|smtp auth|(?:turn on|enable|requires?) (?:smtp )?authentication|unauthenticated (?:senders?|users?|relay|connections?)|must (?:be )?authenticated|auth(?:entication)?required|not authenticated`,
  ],
  // Explicit policy wording beats the "rejected"/"blocked" words around it.
  [
    'policyviolation',
    'decisive',
    String.raw`(?:for|due to) (?:local |our |site )?(?:security )?polic(?:y|ies) reasons|(?:denied|rejected|refused|blocked|not accepted) (?:by|due to|for|because of) (?:local |our |the |site |security )?polic(?:y|ies)|polic(?:y|ies) (?:violation|reasons)|content presents a potential security issue`,
  ],
  // Envelope sender refused (RFC 3463 X.1.7, X.1.8; Sender ID's PRA; Gmail "Send mail as").
  [
    'rejected',
    'normal',
    String.raw`sender (?:address |domain |e-?mail )?(?:is |was |has been )?(?:rejected|denied|refused|blocked|not (?:allowed|permitted|accepted)|invalid|unknown)|(?:rejected|refused|denied|blocked) (?:the |your )?sender|(?:invalid|bad|unknown|unverified|unroutable|non-existent) (?:sender|from|envelope sender|return[- ]path|mail from)|(?:from|mail from|return[- ]path|envelope(?:-| )?sender) (?:address )?(?:rejected|refused|denied|invalid|not (?:allowed|accepted|verified))|from:? domain (?:is )?(?:invalid|unknown|not found|does not exist)|provide a valid from|domain of sender address|sender verify failed|sender verification failed|could not verify sender|sender (?:domain )?(?:must|does not) (?:exist|resolve)|you are not allowed to send|permissions? to send as|not (?:allowed|authorized|permitted) to send|sender not (?:allowed|authorized|permitted)|mail from .{0,40} rejected|sender address rejected|purported responsible address|send mail as|not a member of (?:this |the )?(?:mailing )?list|only (?:list )?members (?:can|may) (?:post|send)`,
  ],
  // Null MX (RFC 7505) and domains without a mail exchanger. Old Postfix reports a null
  // MX as a malformed MX reply.
  [
    'notaccept',
    'decisive',
    String.raw`null ?mx|(?:host|domain|server|system)\b.{0,30}(?:does not|doesn't|do not) accept (?:any )?(?:e-?)?mail(?! from)|accepts no mail|no mx (?:records? )?(?:found|exists?)|no mx (?:or a )?records?|mx or srv record indicated no smtp service|(?:couldn't|could not|cannot|can't|unable to) find (?:a |any )?mail exchanger|type=mx: malformed or unexpected name server reply|not accepting(?<!(?:mailbox|account|user)\b.{0,20}not accepting) (?:any )?(?:mail|messages|network messages)(?! from)`,
  ],
  [
    'hostunknown',
    'normal',
    String.raw`unrouteable address|mx records? points? to non-?existent hosts?|host (?:or domain name )?not found|(?:host|domain) [a-z0-9-]+(?:\.[a-z0-9-]+)+\.? not found|(?:unknown|invalid|unrouteable|non-?existent|bad|unresolvable) (?:host|domain|mail domain|hostname)\b|(?:host|domain)(?: name)? (?:is )?(?:unknown|not found|does not exist|doesn't exist|invalid|not resolv|unresolv|lookup failed)|no such (?:host|domain)|name or service not known|nxdomain|mail ?server for .{0,60} not found|could not resolve|unrouteable (?:mail )?domain|(?:recipient|destination) domain (?:not found|invalid|does not exist)|couldn't find any host|illegal host|domain (?:is )?not (?:configured|found|valid)|not a valid domain|domain is not reachable|(?<![@\w.-])[a-z0-9-]+(?:\.[a-z0-9-]+)+ does not exist`,
  ],
  [
    'emailtoolarge',
    'decisive',
    String.raw`(?:message|mail|email|data|file|attachment)s? (?:size |length )?(?:is )?(?:too (?:large|big|long)|exceeds?|exceeded|larger than)|(?:message|mail) size \d+ exceeds|(?:message|mail|e-?mail) size (?:limit )?(?:exceed|too)|(?<!box )size limit exceeded|(?:size|length) of the message|exceeds? (?:the )?(?:maximum|fixed|message) ?(?:size|length)|too (?:large|big) for (?:the )?(?:system|recipient|server)|maximum (?:message )?size|message too big|mesg too big|line limit exceeded|${JA.emailtoolarge}`,
  ],
  [
    'mailboxfull',
    'decisive',
    String.raw`mail ?box (?:is )?(?:full|over|exceed)|(?:quota|storage|disk space|mail ?box size).{0,30}(?:exceed|full|reached|limit)|over ?quota|quota (?:violation|full|exceeded)|exceed(?:ed|s)? (?:the |their |his |her )?(?:storage|(?:mail ?box|disk|storage) )?(?:quota|size limit|allocation)|(?:inbox|mail ?box|account|folder|mail ?drop) (?:is )?(?:currently )?(?:full|over|too large|out of space)|insufficient (?:disk |storage )?quota|user(?:'s)? (?:disk|storage) (?:quota|space|limit)|full mail ?box|(?:mail ?box|inbox|account)\b.{0,40}\b(?:is|was) (?:currently )?(?:full|over (?:quota|its|the))|too many messages (?:in|on) (?:the )?(?:mailbox|account)|would exceed (?:the )?(?:mailbox|quota)|mailfolder is full|maildir (?:over|full)|${JA.mailboxfull}`,
  ],
  // The same verdicts in the languages of large European, Russian and Chinese providers.
  [
    'mailboxfull',
    'decisive',
    String.raw`postfach (?:ist )?(?:voll|überfüllt)|bo[iî]te (?:aux lettres |du destinataire )?(?:est )?pleine|casella (?:di posta )?(?:è )?piena|buz[oó]n (?:de correo )?(?:est[aá] )?lleno|caixa (?:postal |de correio )?(?:est[aá] )?(?:cheia|lotada)|mailbox (?:is )?vol\b|ящик (?:переполнен|полон)|(?:邮箱|信箱)(?:已满|空间不足)`,
  ],
  [
    'hasmoved',
    'decisive',
    String.raw`has moved|(?:address|mailbox|user) (?:has )?(?:been )?(?:moved|changed)(?! (?:temporarily|to quarantine))|no longer (?:at|uses? this|used|with)|new (?:e-?mail )?address is|forwarding address`,
  ],
  [
    'suspend',
    'decisive',
    String.raw`(?:account|mailbox|user|recipient)(?: has been| is| was)? (?:currently )?(?:temporarily )?(?:disabled|suspended|deactivated|inactive|locked|frozen|closed|terminated|not (?:active|enabled))|(?:disabled|suspended|inactive|deactivated|locked|expired|frozen) (?:account|mailbox|user|recipient|address)|account (?:has been |is )?(?:cancelled|removed|blocked|expired|discontinued)|(?:not|no longer) (?:an )?active (?:account|mailbox|user)|mailbox (?:has been )?(?:turned off|deleted)|email account that you tried to reach is (?:disabled|inactive)|mail receiving disabled|account on hold|(?:blocked|disabled|closed|deactivated|suspended|locked) (?:due to|because of|for) inactivity|${JA.suspend}`,
  ],
  // Yahoo's "dd This user doesn't have a yahoo.com account" comes after DATA, yet it is the
  // mailbox lookup's own verdict, not a content filter's.
  [
    'userunknown',
    'normal',
    String.raw`user (?:doesn't|does not) have an? [\w.-]+\.[a-z]{2,} account`,
  ],
  [
    'userunknown',
    'normal',
    String.raw`(?:user|recipient|mailbox|address|account|addressee|local[- ]?part|e-?mail|alias|rcpt)(?: name)?s? (?:is |are |was )?(?:(?:not |un)(?:known|listed|valid|found|existent|exist|recogni[sz]ed|deliverable)|does(?:n't| not) exist|invalid|nonexistent|non-existent|unknown|disabled or does not exist)|(?:unknown|invalid|non-?existent|no such|bad|illegal) (?:local )?(?:user|recipient|mailbox|address(?! error)|account|addressee|alias|destination|e-?mail|person|local[- ]?part|mail ?drop)|no such (?:user|person|mailbox|recipient|account|address|one)|(?:user|recipient|mailbox|address) (?:does not|doesn't|did not|didn't) (?:exist|have an account)|(?:doesn't|does not) have (?:a|an) .{0,30}account|no mailbox here|mailbox (?:not found|unavailable)|not listed in (?:the )?(?:domino )?directory|not listed in public name|not (?:a )?(?:known|valid) (?:user|recipient|mailbox)|unknown or illegal alias|user not found|recipient not found|no account|no valid recipients|cannot find recipient|unable to find user|there is no one at this address|address couldn't be found|check (?:if |that |whether )?(?:the )?(?:recipient(?:'s)? )?(?:e-?mail )?address (?:is (?:correct|valid)|for typos)|is not a valid mailbox|undeliverable address|address (?:lookup|verification) failed|not our customer|no (?:mailbox|user) (?:by|with) that name|destination address rejected|has no (?:mailbox|account)|user reject|adresse (?:destinataire |de destination )?(?:invalide|inconnue)|destinataire inconnu|utilisateur inconnu|utente (?:inesistente|sconosciuto)|usu[aá]rio (?:desconhecido|inexistente)|onbekende (?:gebruiker|ontvanger)|нет такого (?:пользователя|ящика|адреса)|(?:用户|收件人|邮箱)不存在|(?:benutzer|empf[aä]nger) (?:ist )?unbekannt|usuario (?:desconocido|no existe)|${JA.userunknown}`,
  ],
  // Microsoft 365 directory-based edge blocking: the recipient is not in the directory.
  ['userunknown', 'decisive', String.raw`recipient address rejected: access denied`],
  // Generic sender- and host-side wording: the SMTP stage decides (classify.ts).
  ['securityerror', 'weak', String.raw`access denied`],
  // "Mail server temporarily rejected message" (Outlook.com, Exchange Online under 4.7.x):
  // the server is the one refusing, not the host refused, and it names no cause. A
  // temporary refusal without a cause is the remote system's state, as "try again later".
  [
    'systemerror',
    'normal',
    String.raw`(?:mail )?server (?:has )?temporarily (?:rejected|refused|deferred) (?:the |your |this )?(?:message|mail|e-?mail)`,
  ],
  [
    'blocked',
    'normal',
    String.raw`\b(?:ip|host|client|connection|network|server)(?! (?:said|replied|returned|reports|says|responded)\b| was:)(?: address)? (?:(?![:'"] ?[245]\d\d\b).){0,40}(?:is |has been |was )?(?:blocked|banned|rejected|refused|denied|not (?:allowed|permitted|authorized))|refused to talk to me|connection refused by|connections? (?:from|not accepted from) .{0,60}(?:refused|denied|rejected|blocked|not accepted)|your (?:ip|host|server|network|mail server)|service unavailable.{0,40}(?:client|host)|not allowed to connect|mail server at .{0,60} is blocked|sending ip|temporarily blocked`,
  ],
  [
    'blocked',
    'weak',
    String.raw`(?:blocked|refused|denied|banned) (?:because|due to|for|from|using)|\bblocked\b`,
  ],
  // Header checks (Postfix header_checks, Exim ACLs) refusing by the site's own rules.
  ['policyviolation', 'normal', String.raw`\bheader error\b`],
  [
    'policyviolation',
    'weak',
    String.raw`polic(?:y|ies)|prohibited|not permitted|not allowed|violat|forbidden|restricted|administrative(?:ly)? (?:prohibited|prohibition|reasons)|closed mailing list|content (?:is )?not acceptable|contrary to|not authorized|unacceptable|content restrictions?`,
  ],
  // Postfix prefixes every recipient restriction with this; the reason after it counts first.
  ['userunknown', 'weak', String.raw`recipient address rejected`],
  [
    'syntaxerror',
    'normal',
    String.raw`malformed address|syntax error|command (?:not )?(?:unrecogni[sz]ed|recogni[sz]ed|implemented)|unrecogni[sz]ed command|(?:bad|improper) (?:sequence|syntax) of commands|(?:invalid|unknown|unexpected) (?:smtp )?command|parameters? (?:not (?:implemented|recognized)|error)|line (?:length )?exceeded|unrecognized parameter|protocol error|pipelining`,
  ],
  [
    'contenterror',
    'normal',
    String.raw`(?:header|mime|content|body|message) (?:is |was )?(?:malformed|invalid|too long|syntax)|malformed|invalid (?:header|mime|message|content|character)|(?:bad|illegal|invalid|broken) (?:header|mime|line|character|encoding|content)|8-?bit|line too long|too many (?:headers|lines)|header (?:too (?:long|large)|size|line)|charset|attachment (?:type )?(?:not allowed|blocked|rejected)|file ?type|media (?:type )?not supported`,
  ],
  [
    'filtered',
    'normal',
    String.raw`filter(?:ed|ing)?\b|(?:user|recipient) has chosen to (?:reject|block|refuse)|not accepting (?:e-?)?mail from|only accepting (?:e-?)?mail from|delivery not authorized|not authorized to receive|recipient (?:has )?(?:rejected|refused|blocked|denied)|(?:message|mail) (?:was )?(?:rejected|refused|blocked|denied) by (?:the |this )?(?:recipient|user)|only accepts mail from|does not accept mail from|refused by (?:the )?(?:recipient|user)|user has (?:blocked|refused|rejected)|addressee .{0,40} (?:reject|refuse)|receiver (?:has )?(?:blocked|refused)|(?:mailbox|user|recipient) (?:is )?(?:not allowed|forbidden|refus)|受信拒否`,
  ],
  [
    'systemfull',
    'normal',
    String.raw`(?:disk|spool|queue|file ?system|system|storage) (?:is |was )?(?:full|out of space)|insufficient system storage|no space (?:left )?on device|(?:spool|disk|mail system) (?:space )?full|system (?:storage|resources) (?:exhausted|insufficient)|out of (?:disk|storage|memory)|insufficient (?:disk |storage )?space|not enough (?:disk |storage )?space`,
  ],
  // Causes named inside an "expired" or "giving up" notice beat the notice itself.
  // Any other report of a local delivery program (RFC 3464 X-Unix type).
  ['mailererror', 'normal', String.raw`^x-unix;`],
  [
    'networkerror',
    'normal',
    String.raw`dns (?:query|lookup) failed|no answer from (?:the )?(?:remote )?(?:host|server)|(?:wasn't|was not) able to establish|host name lookup failure|name server: .{0,80}(?:failure|timeout|timed out)|(?:dns|name server|nameserver|lookup) (?:error|failure|timeout|timed out|problem|servfail)|servfail|temporary (?:dns|name|lookup) (?:failure|error)|network error|no route to host`,
  ],
  [
    'systemerror',
    'normal',
    String.raw`internal (?:server |system )?(?:error|failure|problem)|storage(?:permanent|transient)exception|unable to contact ldap|ldap server|local configuration error|(?:queue )?file write error|mail system (?:error|problem)|system (?:error|failure|problem)`,
  ],
  // A timeout is a network failure while the sender keeps retrying, and the reason it gave
  // up once it stops ("Connection timed out" in Postfix's final bounce after its queue
  // lifetime); the Action field tells which (classify.ts).
  [
    'expired',
    'normal',
    String.raw`(?:connection|conversation|session|smtp|read|write|command|greeting|data)(?: \S+){0,4} (?:time ?out|timed out)|(?:time ?out|timed out) (?:while|during|after|waiting|in|on|reading|sending|receiving|connecting)|(?:dropped|closed|lost|aborted|terminated) (?:due to|because of|after) (?:a )?(?:time ?out|inactivity)|^(?:time ?out|timed out)`,
    'networkerror',
  ],
  [
    'expired',
    'normal',
    String.raw`(?:retry|delivery|queue|connection|message|send)(?:ing)? (?:time(?:out)?|period|lifetime|expir)|time ?out|timed out|expired|give up|gave up|giving up(?! on [0-9a-f:.]+)|retry limit|too long in (?:the )?queue|(?:in|been) (?:the )?queue (?:for )?too long|been (?:in|queued) .{0,40}(?:queue|delayed)|could not be delivered for|undeliverable for|has not been delivered for|unable to deliver (?:in|for|after)|past the retry|max(?:imum)? (?:retry|delivery) (?:time|period|attempts)|too many (?:delivery )?(?:retries|attempts)|(?:message|mail) (?:has been )?delayed|still (?:trying|retrying|not delivered|undelivered)|(?:will|would) (?:keep|continue) (?:trying|to try)|not yet been delivered|will (?:retry|try again)|will be retried|has been queued for|failing for a long time|did not accept our requests to connect|deferred`,
  ],
  [
    'networkerror',
    'normal',
    String.raw`network|connection (?:refused|reset|closed|lost|dropped|unexpectedly|failure|error)|(?:lost|dropped|broken|failed) connection|(?:could not|couldn't|unable to|cannot|can't|failed to|wasn't able to|was not able to) (?:connect|establish|open)|host (?:is )?(?:down|unreachable)|unreachable|read error|write error|broken pipe`,
  ],
  [
    'mailererror',
    'normal',
    String.raw`(?:mailer|delivery (?:program|agent)|local delivery|program)(?: to)?.{0,40}(?:fail|error|exit|died|crash|returned|not found)|(?:unknown|local) mailer|unexpected (?:eof|exit)|mail(?:er)? daemon .{0,30}error`,
  ],
  [
    'systemerror',
    'normal',
    String.raw`remote (?:system|server|host|mta|side) (?:error|problem|failure|trouble)|server (?:error|failure|misconfigur)|local (?:error|problem)|misconfigur|configuration (?:error|problem)|temporar(?:y|ily) (?:failure|error|problem|local)|(?:server|service|system) (?:is )?(?:currently |temporarily )?(?:unavailable|not available)|try again later|transient|resources? (?:temporarily )?unavailable|i\/o error|unexpected error|internal software error|\bbug\b|loops? detected|database error|processing error|(?:error|failure) (?:in|during) processing|transaction failed`,
  ],
];

/** The compiled table, in priority order. */
export const PHRASE_RULES: readonly PhraseRule[] = rows.map(
  ([category, strength, source, whileRetrying]) => ({
    category,
    strength,
    pattern: new RegExp(source, 'i'),
    ...(whileRetrying && { whileRetrying }),
  }),
);
