import cronParser from 'cron-parser';

/** The next time of a cron expression (5 fields, or 6 with seconds) after `after`, in UTC. */
export function nextCronTime(cron: string, after: Date): Date {
  return cronParser.parseExpression(cron, { currentDate: after, tz: 'UTC' }).next().toDate();
}
