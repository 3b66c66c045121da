/**
 * The part of a human-readable bounce that reports the failure: from the vendor's start
 * marker (or the top) to the line where the quoted original message begins.
 */

/** Lines that introduce the returned original message in common MTAs' bounces. */
const GENERIC_END = new RegExp(
  [
    String.raw`^[ \t]*-{2,}\s*(?:This is a copy of|Below this line is a copy|Original message|Returned message|Original Message|Message headers follow|Headers? of the original|The original message|Unsent message|Returned mail|Enclosed|Forwarded message|Undelivered message|元のメッセージ|送信(?:された)?メールの内容|返送(?:された)?メッセージ)`,
    // Without a rule line the marker must be on the line itself: an optional rule followed
    // by \s* would rescan every blank line from every line start (quadratic on whitespace).
    String.raw`^[ \t]*(?:(?:-{3,}|={3,}|\*{3,})\s*)?(?:original message (?:follows|headers?)|the original message (?:was (?!received)|is|headers)|a copy of the original message|below is a copy|below this line is a copy|message headers follow|headers of the original message)`,
    String.raw`^[ \t]*-+\s*Original message\s*-+\s*$`,
    String.raw`^Content-Type: message/rfc822`,
  ].join('|'),
  'im',
);

/** A quoted header block: a header line directly followed by another header line. */
const HEADER_BLOCK =
  /^(?:Return-Path|Received|DKIM-Signature|Message-I[Dd]|Delivered-To|X-[\w-]+):[^\n]*\n(?:[ \t][^\n]*\n)*[\w-]+:/m;

/**
 * A returned original without a marker line, its header starting with the author's fields:
 * three header lines in a row. A notice's own summary ("To:", "Subject:", "Sent:") is
 * indented or interrupted by other labels in the MTAs we know.
 */
const ORIGINAL_HEADERS =
  /^(?:(?:From|To|Cc|Subject|Date|Message-I[Dd]|MIME-Version|Content-Type|Reply-To):[^\n]*\n){2}(?:From|To|Cc|Subject|Date|Message-I[Dd]|MIME-Version|Content-Type|Reply-To):/m;

export interface RegionMarkers {
  start?: RegExp | undefined;
  end?: RegExp | undefined;
}

/** Cuts `text` to the report region. */
export function reportRegion(text: string, markers: RegionMarkers = {}): string {
  let region = text;
  if (markers.start) {
    const m = markers.start.exec(region);
    if (m) region = region.slice(m.index);
  }
  const ends: number[] = [];
  for (const re of [markers.end, GENERIC_END]) {
    if (!re) continue;
    const m = re.exec(region.slice(1));
    if (m) ends.push(m.index + 1);
  }
  for (const re of [HEADER_BLOCK, ORIGINAL_HEADERS]) {
    const header = re.exec(region);
    if (header && header.index > 0) ends.push(header.index);
  }
  if (ends.length > 0) region = region.slice(0, Math.min(...ends));
  return region.length > 32_768 ? region.slice(0, 32_768) : region;
}
