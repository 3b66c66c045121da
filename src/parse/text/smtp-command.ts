/** The SMTP command a remote server refused, as bounce texts name it (RFC 5321 §4.1.1). */

export type SmtpCommand = 'CONN' | 'EHLO' | 'MAIL' | 'RCPT' | 'DATA';

const PATTERNS: Array<[SmtpCommand, RegExp]> = [
  // qmail-remote: "Connected to <ip> but sender was rejected", "<ip> does not like recipient".
  [
    'MAIL',
    /after MAIL FROM|in reply to MAIL FROM|>>> MAIL FROM|MAIL FROM command|\[MAIL_FROM\]|but sender was rejected/i,
  ],
  [
    'RCPT',
    /after RCPT TO|in reply to RCPT TO|>>> RCPT TO|RCPT TO command|\[RCPT_TO\]|did not like our RCPT TO|does not like recipient/i,
  ],
  [
    'DATA',
    /after (?:end of )?data|in reply to (?:end of )?DATA|>>> DATA|SMTP command:? DATA|DATA command|did not like our (?:final )?DATA|failed after I sent the message|after (?:I|we) sent the message|(?:after|in reply to|in response to) (?:the )?(?:end of )?(?:message|DATA)\b/i,
  ],
  ['EHLO', /after (?:EHLO|HELO)|in reply to (?:EHLO|HELO)|>>> (?:EHLO|HELO)|my name was rejected/i],
  [
    'CONN',
    /after initial connection|while connected to|in reply to the initial greeting|connection (?:refused|timed out)/i,
  ],
];

/**
 * In a quoted SMTP dialogue (Sendmail's ">>> DATA" / "<<< 554 ..." transcript) the refused
 * command is the last one sent before the first 4xx/5xx reply, whatever else the text names.
 */
const TRANSCRIPT = />>>>? ?(MAIL FROM|RCPT TO|DATA|EHLO|HELO|\.)\b|<<<<? ?[45]\d\d\b/gi;

function transcriptCommand(text: string): SmtpCommand | undefined {
  if (!text.includes('>>>')) return undefined;
  let last: string | undefined;
  for (const m of text.matchAll(TRANSCRIPT)) {
    if (m[1] === undefined) break;
    last = m[1].toUpperCase();
  }
  if (last === undefined) return undefined;
  if (last === '.' || last === 'DATA') return 'DATA';
  if (last === 'RCPT TO') return 'RCPT';
  if (last === 'MAIL FROM') return 'MAIL';
  return 'EHLO';
}

export function findSmtpCommand(text: string | undefined): SmtpCommand | undefined {
  if (!text) return undefined;
  const fromTranscript = transcriptCommand(text);
  if (fromTranscript) return fromTranscript;
  for (const [command, re] of PATTERNS) if (re.test(text)) return command;
  return undefined;
}
