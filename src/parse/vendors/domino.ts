/**
 * IBM/HCL (Lotus) Domino: "Your message\n  Subject: ...\nwas not delivered to:\n  <address>
 * \nbecause:\n  <reason>" (e.g. "User ... not listed in Domino Directory").
 */
import { bodyMatches } from './detect.js';
import type { VendorFormat } from './types.js';

export const domino: VendorFormat = {
  name: 'domino',
  detect: (mail) =>
    bodyMatches(mail, /^\s*was not delivered to:\s*$/im) && bodyMatches(mail, /^\s*because:\s*$/im),
  start: /^\s*was not delivered to:\s*$/im,
  diagnostic: /^\s*because:\s*\n\s*([^\n]+(?:\n[ \t]+[^\n]+)*)/im,
};
