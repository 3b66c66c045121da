import { ImapFlow } from 'imapflow';
import type { ImapMailboxConfig } from './parse-imap-url.js';

/**
 * Builds the imapflow client for one mailbox. IDLE starts one second after the last command,
 * well below imapflow's 15 s default, so mail that arrives right after a drain is announced at
 * once; a drain issues commands back to back, so this costs no extra round trips.
 */
export function createImapClient(config: ImapMailboxConfig): ImapFlow {
  return new ImapFlow({
    host: config.host,
    port: config.port,
    secure: config.tls === 'implicit',
    // STARTTLS is mandatory when asked for, so a downgrade by a man in the middle fails.
    doSTARTTLS: config.tls === 'starttls' ? true : config.tls === 'none' ? false : undefined,
    auth: { user: config.user, pass: config.password },
    tls: { rejectUnauthorized: config.verifyCertificate },
    logger: false,
    autoIdleDelay: 1000,
    maxIdleTime: config.pollIntervalMs,
    connectionTimeout: 30_000,
    greetingTimeout: 16_000,
  });
}

/** Creates the processed folder if the server does not list it yet. */
export async function ensureFolder(client: ImapFlow, folder: string): Promise<void> {
  const folders = await client.list();
  if (folders.some((entry) => entry.path === folder)) return;
  try {
    await client.mailboxCreate(folder);
  } catch (error) {
    // Another poller of the same account may have created it in between.
    if ((error as { serverResponseCode?: string }).serverResponseCode !== 'ALREADYEXISTS')
      throw error;
  }
}
