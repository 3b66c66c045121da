/** Whether a signed Unix-seconds timestamp is within `windowSeconds` of now (either side). */
export function withinSignatureWindow(
  timestamp: string,
  now: Date,
  windowSeconds: number,
): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(now.getTime() / 1000 - Number(timestamp)) <= windowSeconds;
}
