/**
 * The vendor formats, most specific first. Adding a format = one file + one line here.
 * `generic` must stay last: it claims anything that merely looks like a bounce.
 */
import { amazonSesNotification } from './amazon-ses-notification.js';
import { appleUnsubscribe } from './apple-unsubscribe.js';
import { dragonfly } from './dragonfly.js';
import { exim } from './exim.js';
import { generic } from './generic.js';
import { gmail } from './gmail.js';
import { googleGroups } from './google-groups.js';
import { microsoftJmrp } from './microsoft-jmrp.js';
import { postfix } from './postfix.js';
import { qmail } from './qmail.js';
import { sendmail } from './sendmail.js';
import type { VendorFormat } from './types.js';

export const VENDOR_FORMATS: readonly VendorFormat[] = [
  amazonSesNotification,
  microsoftJmrp,
  appleUnsubscribe,
  dragonfly,
  googleGroups,
  gmail,
  exim,
  qmail,
  sendmail,
  postfix,
];

export const GENERIC_FORMAT: VendorFormat = generic;
