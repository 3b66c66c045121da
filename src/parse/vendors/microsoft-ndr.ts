/**
 * Exchange 2007 and later, Exchange Online / Office 365 non-delivery reports read as text:
 * "Delivery has failed to these recipients or groups:" (or "Your message to <x> couldn't
 * be delivered."), then "Diagnostic information for administrators:" where each address
 * is followed by the remote reply ("Remote Server returned '550 5.1.10 RESOLVER...'" or
 * "#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##"), then "Original message headers:".
 * The administrators' section is read when present: it has the SMTP reply.
 */
import { bodyMatches, headerMatches } from './detect.js';
import type { VendorFormat } from './types.js';

const NDR_TEXT =
  /Delivery has failed to these recipients or groups:|Diagnostic information for administrators:|couldn't be delivered\.|could not be delivered to the following recipients|#\d{3} \d\.\d{1,3}\.\d{1,3} [A-Z]+\.[A-Z]+\.\w+/;

export const microsoftNdr: VendorFormat = {
  name: 'microsoft-ndr',
  detect: (mail) =>
    bodyMatches(mail, NDR_TEXT) &&
    (headerMatches(mail, 'x-ms-exchange-message-is-ndr') ||
      headerMatches(mail, 'x-ms-exchange-organization-scl') ||
      headerMatches(mail, 'x-ms-exchange-crosstenant-id') ||
      bodyMatches(
        mail,
        /Diagnostic information for administrators:|Generating server:|RESOLVER\.|Microsoft Exchange/,
      )),
  start: /^Diagnostic information for administrators:/m,
  end: /^Original message headers:/m,
};
