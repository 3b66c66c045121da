/**
 * IBM/HCL (Lotus) Domino: "Your message\n  Subject: ...\nwas not delivered to:\n  <address>
 * \nbecause:\n  <reason>" (e.g. "User ... not listed in Domino Directory").
 */
import { bodyMatches } from './detect.js';
import type { VendorFormat } from './types.js';

export const domino: VendorFormat = {
  name: 'domino',
  detect: (mail) =>
    bodyMatches(mail, /^[^\S\n]*was not delivered to:\s*$/im) &&
    bodyMatches(mail, /^[^\S\n]*because:\s*$/im),
  start: /^[^\S\n]*was not delivered to:\s*$/im,
  diagnostic: /^[^\S\n]*because:[^\S\n]*\n\s*([^\n]+(?:\n[ \t]+[^\n]+)*)/im,
};
