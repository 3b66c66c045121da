/**
 * Builds an RFC 3464 delivery status notification, as a real MTA would write it, so tests can
 * vary recipients, codes and dates without hand-editing fixture files.
 */
export interface DsnRecipient {
  address: string;
  status: string;
  action?: 'failed' | 'delayed' | 'delivered';
  diagnostic?: string;
}

export function buildDsn(options: {
  recipients: DsnRecipient[];
  date?: Date;
  messageId?: string;
  reportingMta?: string;
  returnPath?: string;
}): string {
  const date = (options.date ?? new Date('2026-11-20T10:00:00Z'))
    .toUTCString()
    .replace('GMT', '+0000');
  const mta = options.reportingMta ?? 'mx.sender.example';
  const boundary = 'dsn-boundary-1';
  const perRecipient = options.recipients
    .map((r) =>
      [
        `Final-Recipient: rfc822; ${r.address}`,
        `Original-Recipient: rfc822;${r.address}`,
        `Action: ${r.action ?? (r.status.startsWith('5') ? 'failed' : 'delayed')}`,
        `Status: ${r.status}`,
        `Remote-MTA: dns; mx.recipient.example`,
        `Diagnostic-Code: smtp; ${r.diagnostic ?? `${r.status.startsWith('5') ? '550' : '452'} ${r.status} mailbox problem for ${r.address}`}`,
      ].join('\r\n'),
    )
    .join('\r\n\r\n');
  return [
    `Return-Path: <>`,
    `Date: ${date}`,
    `From: MAILER-DAEMON@${mta} (Mail Delivery System)`,
    `Subject: Undelivered Mail Returned to Sender`,
    `To: ${options.returnPath ?? 'bounce@bounces.example.test'}`,
    `Message-ID: ${options.messageId ?? '<dsn-1@mx.sender.example>'}`,
    `MIME-Version: 1.0`,
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    ``,
    `This is a MIME-encapsulated message.`,
    ``,
    `--${boundary}`,
    `Content-Type: text/plain; charset=us-ascii`,
    ``,
    `I'm sorry to have to inform you that your message could not be delivered to one or more recipients.`,
    ``,
    `--${boundary}`,
    `Content-Type: message/delivery-status`,
    ``,
    `Reporting-MTA: dns; ${mta}`,
    `Arrival-Date: ${date}`,
    ``,
    perRecipient,
    ``,
    `--${boundary}`,
    `Content-Type: text/rfc822-headers`,
    ``,
    `From: news@sender.example`,
    `To: ${options.recipients[0]?.address ?? 'someone@example.org'}`,
    `Subject: Our November offers`,
    `Message-ID: <campaign-42@sender.example>`,
    `X-Delivery-Id: 42`,
    ``,
    `--${boundary}--`,
    ``,
  ].join('\r\n');
}
