import { describe, expect, it } from 'vitest';
import { ImapUrlError, parseImapUrl } from '../../src/intake/imap/index.js';

describe('parseImapUrl', () => {
  it('reads an imaps URL with percent-encoded credentials and defaults', () => {
    const config = parseImapUrl('imaps://bounces%40example.com:p%40ss@imap.example.com/INBOX');
    expect(config).toMatchObject({
      host: 'imap.example.com',
      port: 993,
      user: 'bounces@example.com',
      password: 'p@ss',
      mailbox: 'INBOX',
      tls: 'implicit',
      action: 'move',
      processedFolder: 'Processed',
      nonBounce: { action: 'leave' },
      batchSize: 500,
      pollIntervalMs: 60_000,
      remote: 'imaps://bounces%40example.com@imap.example.com/INBOX',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads the options', () => {
    const config = parseImapUrl(
      'imap://u:p@127.0.0.1:1143/Bounces?tls=none&action=delete&batch=50&poll=5&processed=Done',
    );
    expect(config).toMatchObject({
      port: 1143,
      mailbox: 'Bounces',
      tls: 'none',
      action: 'delete',
      batchSize: 50,
      pollIntervalMs: 5000,
      processedFolder: 'Done',
    });
    expect(parseImapUrl('imap://u:p@mail.example.com/').tls).toBe('starttls');
  });

  it('reads nonBounce=move:<folder>, with the folder percent- or plus-encoded', () => {
    expect(parseImapUrl('imaps://u:p@h/INBOX?nonBounce=move:Aside').nonBounce).toEqual({
      action: 'move',
      folder: 'Aside',
    });
    const spaced = parseImapUrl('imaps://u:p@h/INBOX?nonBounce=move:Not%20bounces');
    expect(spaced.nonBounce).toEqual({ action: 'move', folder: 'Not bounces' });
    expect(Object.isFrozen(spaced.nonBounce)).toBe(true);
    expect(parseImapUrl('imaps://u:p@h/INBOX?nonBounce=move:Not+bounces').nonBounce).toEqual({
      action: 'move',
      folder: 'Not bounces',
    });
  });

  it.each([
    ['pop3://u:p@h/INBOX', /imap:\/\/ or imaps:\/\//],
    ['imaps://h/INBOX', /no user/],
    ['imaps://u@h/INBOX', /no password/],
    ['imap://u:p@mail.example.com/INBOX?tls=none', /only allowed for a loopback host/],
    ['imaps://u:p@h/INBOX?action=archive', /action=archive is not one of/],
    ['imaps://u:p@h/INBOX?batch=0', /batch=0 must be an integer/],
    ['imaps://u:p@h/INBOX?nonsense=1', /unknown IMAP URL option "nonsense"/],
    ['imaps://u:p@h/Processed', /must differ/],
    ['imaps://u:p@h/INBOX?nonBounce=delete', /nonBounce=delete is not leave or move:<folder>/],
    ['imaps://u:p@h/INBOX?nonBounce=move:', /names no folder/],
    ['imaps://u:p@h/INBOX?nonBounce=move:INBOX', /nonBounce folder must differ/],
    ['not a url', /not a valid URL/],
  ])('rejects %s with a clear INTAKE_IMAP_URL error', (url, message) => {
    expect(() => parseImapUrl(url)).toThrowError(message);
    try {
      parseImapUrl(url);
    } catch (error) {
      expect(error).toBeInstanceOf(ImapUrlError);
      expect((error as ImapUrlError).code).toBe('INTAKE_IMAP_URL');
      expect((error as Error).message).not.toContain(':p@');
    }
  });
});
