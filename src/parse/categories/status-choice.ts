/**
 * Which enhanced status code (RFC 3463) a failure carries when the report's Status field
 * and the remote server's reply disagree. The reporting MTA often maps any 550 at RCPT to
 * 5.1.1, or writes 5.0.0 / 4.4.7 for everything; the code the remote server put after its
 * reply code ("550 5.7.1 ...", "550-'5.2.2 ...") is its own, more precise verdict.
 */
import { findStatus } from '../text/codes.js';

/** A status code right after an SMTP reply code: "550 5.7.1", "550-5.7.1", "550-'5.7.1". */
const REMOTE_STATUS = /(?<!\d)([245])\d\d[ -]['"]?([245])\.(\d{1,3})\.(\d{1,3})(?![\d.]*\d)/;

/** The remote server's own enhanced code in a diagnostic, when its class matches the reply's. */
export function remoteStatus(diagnostic: string | undefined): string | undefined {
  if (!diagnostic) return undefined;
  const m = REMOTE_STATUS.exec(diagnostic);
  if (!m || m[1] !== m[2]) return undefined;
  return `${m[2]}.${Number(m[3])}.${Number(m[4])}`;
}

function isVague(status: string): boolean {
  return /^\d\.0\.0$/.test(status);
}

/** The code to report: the Status field, unless the diagnostic says something more precise. */
export function chooseStatus(
  field: string | undefined,
  diagnostic: string | undefined,
): string | undefined {
  const fromField = findStatus(field);
  const remote = remoteStatus(diagnostic);
  // A permanent reply outranks a field still saying "temporary" (4.x.x), never the reverse.
  const compatible = !fromField || remote?.[0] === fromField[0] || fromField[0] === '4';
  if (remote && !isVague(remote) && compatible) return remote;
  const fromText = findStatus(diagnostic);
  if (!fromField) return fromText;
  // "5.0.0" says only "permanent": a code in the remote reply with the same class says more.
  if (fromText && isVague(fromField) && fromText[0] === fromField[0]) return fromText;
  return fromField;
}
