/**
 * The staff events (contract.ts StaffEvent) as they are checked when they arrive from elsewhere: from another hub of
 * the group (staff-event-relay.ts) or from the hub a desktop station streams (station/hub-events.ts). Each receiver
 * builds its union from the events it takes.
 */
import { z } from 'zod';
import { CHECK_IN_PATTERN } from '../core/vocabulary';

export const queueChangedSchema = z.object({ type: z.literal('queue.changed') }).strict();

export const urgentAlertSchema = z
  .object({
    type: z.literal('alert.urgent'),
    sessionId: z.number().int().positive(),
    urgency: z.enum(['emergency', 'same-day']),
    checkInCode: z.string().regex(CHECK_IN_PATTERN),
  })
  .strict();

export const staffRequestedSchema = z.object({ type: z.literal('kiosk.staffRequested') }).strict();
