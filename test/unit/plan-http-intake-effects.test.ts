import { describe, expect, it } from 'vitest';
import { isStopKeyword } from '../../src/worker/plan-http-intake-effects.js';

describe('isStopKeyword', () => {
  it('recognises the opt-out keywords whatever the case, spacing or final punctuation', () => {
    for (const text of ['STOP', ' stop ', 'Stop.', 'UNSUBSCRIBE', 'arrêt', 'Quit!', 'stop  sms'])
      expect(isStopKeyword(text), text).toBe(true);
  });
  it('does not take a sentence that merely contains the word for an opt-out', () => {
    for (const text of ['stop by at 5', 'please do not stop', 'STOPPED', ''])
      expect(isStopKeyword(text), text).toBe(false);
  });
});
