/**
 * The vendor formats, most specific first. Adding a format = one file + one line here.
 * `generic` must stay last: it claims anything that merely looks like a bounce.
 */
import { amazonSesNotification } from './amazon-ses-notification.js';
import { apacheJames } from './apache-james.js';
import { appleUnsubscribe } from './apple-unsubscribe.js';
import { auKddi } from './au-kddi.js';
import { dragonfly } from './dragonfly.js';
import { exim } from './exim.js';
import { fml } from './fml.js';
import { forwardedDsn } from './forwarded-dsn.js';
import { generic } from './generic.js';
import { gmail } from './gmail.js';
import { googleGroups } from './google-groups.js';
import { japaneseIsp } from './japanese-isp.js';
import { microsoftJmrp } from './microsoft-jmrp.js';
import { postfix } from './postfix.js';
import { postfixSmtpdNotice } from './postfix-smtpd-notice.js';
import { qmail } from './qmail.js';
import { sendmail } from './sendmail.js';
import type { VendorFormat } from './types.js';

export const VENDOR_FORMATS: readonly VendorFormat[] = [
  amazonSesNotification,
  microsoftJmrp,
  appleUnsubscribe,
  forwardedDsn,
  fml,
  dragonfly,
  googleGroups,
  gmail,
  exim,
  qmail,
  apacheJames,
  auKddi,
  japaneseIsp,
  postfixSmtpdNotice,
  sendmail,
  postfix,
];

export const GENERIC_FORMAT: VendorFormat = generic;
