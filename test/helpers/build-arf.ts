/** Builds an RFC 5965 abuse report (ARF) about one recipient, as a feedback loop sends it. */
export function buildArf(options: {
  recipient: string;
  from?: string;
  to?: string;
  messageId?: string;
  feedbackType?: string;
}): string {
  return [
    `From: ${options.from ?? 'feedback@fbl.provider.test'}`,
    `To: ${options.to ?? 'fbl@feedback.example.test'}`,
    `Subject: Abuse report`,
    `Date: Fri, 20 Nov 2026 12:00:00 +0000`,
    `Message-ID: ${options.messageId ?? '<arf-1@fbl.provider.test>'}`,
    `MIME-Version: 1.0`,
    `Content-Type: multipart/report; report-type=feedback-report; boundary="arf"`,
    ``,
    `--arf`,
    `Content-Type: text/plain`,
    ``,
    `This is an abuse report for a message you sent.`,
    `--arf`,
    `Content-Type: message/feedback-report`,
    ``,
    `Feedback-Type: ${options.feedbackType ?? 'abuse'}`,
    `User-Agent: TestFBL/1.0`,
    `Version: 1`,
    `Original-Rcpt-To: <${options.recipient}>`,
    `Arrival-Date: Fri, 20 Nov 2026 11:58:00 +0000`,
    ``,
    `--arf`,
    `Content-Type: message/rfc822`,
    ``,
    `From: news@sender.example`,
    `To: ${options.recipient}`,
    `Subject: Our November offers`,
    `Message-ID: <campaign-42@sender.example>`,
    ``,
    `Hello`,
    `--arf--`,
    ``,
  ].join('\r\n');
}
