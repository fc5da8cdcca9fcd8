/**
 * Fixed identifiers the kiosk draws and offers, kept here rather than imported as values from
 * src-main/core/content/schema.ts: that module builds zod schemas at load time, which would pull zod into the
 * kiosk bundle. tests/unit/kiosk-constants.test.ts checks these stay equal to the schema's lists.
 */
import type { BodyRegion, DurationUnit } from '../../src-main/core/content/schema';

export const KIOSK_BODY_REGIONS = [
  'groin-left',
  'groin-right',
  'outer-hip-left',
  'outer-hip-right',
  'buttock-left',
  'buttock-right',
  'thigh-left',
  'thigh-right',
  'knee-left',
  'knee-right',
  'lower-back-left',
  'lower-back-right',
] as const satisfies readonly BodyRegion[];

export const KIOSK_DURATION_UNITS = ['days', 'weeks', 'months', 'years'] as const satisfies readonly DurationUnit[];
