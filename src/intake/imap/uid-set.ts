/**
 * Writes UIDs as an IMAP sequence set (`1:3,7,9:10`), so a batch of 500 moves costs one
 * command line of a few bytes instead of 500 round trips (RFC 9051 §9, sequence-set).
 */
export function toUidSet(uids: readonly number[]): string {
  const sorted = [...uids].sort((a, b) => a - b);
  const parts: string[] = [];
  let start = sorted[0];
  let prev = start;
  for (let i = 1; i <= sorted.length; i++) {
    const uid = sorted[i];
    if (uid !== undefined && prev !== undefined && uid === prev + 1) {
      prev = uid;
      continue;
    }
    if (start !== undefined && prev !== undefined) {
      parts.push(start === prev ? String(start) : `${start}:${prev}`);
    }
    start = uid;
    prev = uid;
  }
  return parts.join(',');
}
