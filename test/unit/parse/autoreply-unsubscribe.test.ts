import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/parse/index.js';
import { fixture } from './helpers.js';

describe('auto-replies and unsubscribe requests', () => {
  it('reads a German out-of-office as an auto-reply, not a bounce', async () => {
    const parsed = await parseMessage(fixture('autoreply-de.eml'));
    expect(parsed.kind).toBe('autoreply');
    expect(parsed.results[0]).toMatchObject({
      recipient: 'frank@example.de',
      category: 'vacation',
    });
  });

  it('reads a challenge/response request as an auto-reply', async () => {
    const parsed = await parseMessage(fixture('challenge.eml'));
    expect(parsed).toMatchObject({ kind: 'autoreply', parser: 'challenge-response' });
  });

  it.each([
    'Automatic reply: Offers',
    'Réponse automatique : Offers',
    'Out of Office: Offers',
    '自動応答: Offers',
  ])('recognises the subject %s', async (subject) => {
    const raw = Buffer.from(
      `From: x@example.com\r\nSubject: ${subject}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nback soon\r\n`,
    );
    expect((await parseMessage(raw)).kind).toBe('autoreply');
  });

  it('reads a mailto: List-Unsubscribe request as unsubscribe from the sender', async () => {
    const parsed = await parseMessage(fixture('unsubscribe.eml'));
    expect(parsed.kind).toBe('unsubscribe');
    expect(parsed.results[0]?.recipient).toBe('heidi@example.com');
  });
});
