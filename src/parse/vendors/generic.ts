/**
 * The last resort for MTAs without a format of their own: a message from a mailer
 * daemon or postmaster, or with a bounce-like subject in one of several languages.
 */
import { fromMatches, subjectMatches } from './detect.js';
import type { VendorFormat } from './types.js';

const DAEMON_FROM =
  /mailer-daemon|mail-daemon|maildaemon|postmaster|mail delivery|delivery subsystem|mailadmin|\bmdaemon\b|<>|^$/i;
const BOUNCE_SUBJECT =
  /undeliver|undelivered|not delivered|delivery (?:status|failure|failed|notification|problem|report)|failure notice|returned mail|mail delivery (?:failed|failure|system)|could not (?:be )?deliver|non[- ]?remis|non recapitabile|unzustellbar|nicht zugestellt|no entregado|no se pudo entregar|devolvido|niet afgeleverd|onbestelbaar|rejected|bounce|mail failure|delivery error|nondeliverable|warning: could not send|message (?:delayed|blocked|not sent)|returned to sender|配信|送信エラー|不達|エラー|退信|未送达|無法傳遞|Недоставлен|не доставлено/i;

export const generic: VendorFormat = {
  name: 'generic',
  detect: (mail) => fromMatches(mail, DAEMON_FROM) || subjectMatches(mail, BOUNCE_SUBJECT),
};
