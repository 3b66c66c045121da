import { AppError } from '../../errors.js';

/**
 * The IMAP server refused the credentials. Not retryable: retrying a wrong password only
 * locks the account (many servers throttle or ban after a few failures), so the poller stops
 * that mailbox and reports this error instead of looping.
 */
export class ImapAuthError extends AppError {
  constructor(remote: string, cause?: unknown) {
    super('INTAKE_IMAP_AUTH', `IMAP authentication failed for ${remote}`, {
      retryable: false,
      cause,
      details: { remote },
    });
    this.name = 'ImapAuthError';
  }
}

/** A mailbox URL that cannot be used; the message says which part and why. */
export class ImapUrlError extends AppError {
  constructor(message: string) {
    super('INTAKE_IMAP_URL', message, { retryable: false });
    this.name = 'ImapUrlError';
  }
}
