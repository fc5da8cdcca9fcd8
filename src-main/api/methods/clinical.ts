/** Clinician methods: need an unlocked clinician on a staff window. */
import { z } from 'zod';
import { method } from './define';
import { idSchema, isoDateSchema } from '../schemas';
import type { QueueItem, SessionDetail } from '../types';

export const clinicalMethods = {
  'queue.list': method<QueueItem[]>()('clinician', z.object({ date: isoDateSchema.optional() }).strict()),
  'session.open': method<SessionDetail>()('clinician', z.object({ sessionId: idSchema }).strict()),
} as const;
