/**
 * Builds the qualify function the worker uses from the rule sets in RULES_DIR.
 * Until the rule engine is wired, the verdict follows the status class:
 * 5.x.x → hard, 4.x.x → soft, anything else soft and "To qualify".
 */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { QualifyInput, Verdict } from '../qualify/types.js';

export async function loadQualifier(_config: Readonly<Config>, _logger: Logger): Promise<(input: QualifyInput) => Verdict> {
  return (input) => {
    const statusClass = input.status?.[0] ?? input.replyCode?.[0];
    const normalizedText = input.text.trim();
    if (statusClass === '5') return { type: 'hard', reason: 'user_unknown', normalizedText, toQualify: false, ruleId: 'status-class-5' };
    if (statusClass === '4') return { type: 'soft', reason: 'unreachable', normalizedText, toQualify: false, ruleId: 'status-class-4' };
    return { type: 'soft', reason: 'not_defined', normalizedText, toQualify: true };
  };
}
