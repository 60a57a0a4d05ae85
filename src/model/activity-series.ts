/** Events per time bucket of a period (the digest's activity chart): hours of a day, days of a week or month, weeks beyond. */
export type ActivityUnit = 'hour' | 'day' | 'week';

export interface ActivityBucket {
  /** Start of the bucket, UTC ISO. */
  from: string;
  /** Short label in the period's zone: "09", "Mon 24", "24 Nov". */
  label: string;
  count: number;
}

export interface ActivitySeries {
  unit: ActivityUnit;
  buckets: ActivityBucket[];
}
