/**
 * The vendor formats, most specific first. Adding a format = one file + one line here.
 * `generic` must stay last: it claims anything that merely looks like a bounce.
 */
import { amazonSesNotification } from './amazon-ses-notification.js';
import { apacheJames } from './apache-james.js';
import { appleUnsubscribe } from './apple-unsubscribe.js';
import { auKddi } from './au-kddi.js';
import { courier } from './courier.js';
import { deliveryProblems } from './delivery-problems.js';
import { domino } from './domino.js';
import { espEvents } from './esp-events.js';
import { dragonfly } from './dragonfly.js';
import { exchange2003 } from './exchange-2003.js';
import { exim } from './exim.js';
import { fml } from './fml.js';
import { forwardedDsn } from './forwarded-dsn.js';
import { generic } from './generic.js';
import { gmail } from './gmail.js';
import { googleGroups } from './google-groups.js';
import { groupwise } from './groupwise.js';
import { interscanMss } from './interscan-mss.js';
import { lotusNotes } from './lotus-notes.js';
import { mFilter } from './m-filter.js';
import { mailmarshal } from './mailmarshal.js';
import { microsoftJmrp } from './microsoft-jmrp.js';
import { messagingServer } from './messaging-server.js';
import { microsoftNdr } from './microsoft-ndr.js';
import { postfixSmtpdNotice } from './postfix-smtpd-notice.js';
import { postfix } from './postfix.js';
import { qmail } from './qmail.js';
import { sendmail } from './sendmail.js';
import type { VendorFormat } from './types.js';

export const VENDOR_FORMATS: readonly VendorFormat[] = [
  amazonSesNotification,
  espEvents,
  microsoftJmrp,
  appleUnsubscribe,
  forwardedDsn,
  fml,
  dragonfly,
  googleGroups,
  gmail,
  microsoftNdr,
  exchange2003,
  domino,
  lotusNotes,
  groupwise,
  courier,
  interscanMss,
  mFilter,
  mailmarshal,
  messagingServer,
  exim,
  qmail,
  apacheJames,
  auKddi,
  deliveryProblems,
  postfixSmtpdNotice,
  sendmail,
  postfix,
];

export const GENERIC_FORMAT: VendorFormat = generic;
