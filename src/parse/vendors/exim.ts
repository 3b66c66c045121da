/**
 * Exim (and services built on it, e.g. Mail.ru): "This message was created automatically
 * by mail delivery software", addresses indented alone on a line, the SMTP error below;
 * X-Failed-Recipients lists the addresses (text-bounce keeps to them when present). The copy starts at "------ This is a copy".
 */
import { bodyMatches, headerMatches } from './detect.js';
import type { VendorFormat } from './types.js';

export const exim: VendorFormat = {
  name: 'exim',
  detect: (mail) =>
    headerMatches(mail, 'x-failed-recipients') ||
    bodyMatches(
      mail,
      /created automatically by mail delivery software|could not be delivered to one or more of its\s+recipients|has not yet been delivered to one or more of its\s+recipients|recipient addresses that were\s+incorrectly constructed/i,
    ),
  start:
    /^(?:A message that you sent|A message sent by|Message (?:is|was) frozen|This message was created automatically)/im,
  end: /^-{3,} This is a copy of (?:the|your) message|^-{3,} The header of the original message/im,
};
