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
    /after (?:end of )?data|in reply to (?:end of )?DATA|>>> DATA|SMTP command:? DATA|DATA command|did not like our (?:final )?DATA/i,
  ],
  ['EHLO', /after (?:EHLO|HELO)|in reply to (?:EHLO|HELO)|>>> (?:EHLO|HELO)|my name was rejected/i],
  [
    'CONN',
    /after initial connection|while connected to|in reply to the initial greeting|connection (?:refused|timed out)/i,
  ],
];

export function findSmtpCommand(text: string | undefined): SmtpCommand | undefined {
  if (!text) return undefined;
  for (const [command, re] of PATTERNS) if (re.test(text)) return command;
  return undefined;
}
