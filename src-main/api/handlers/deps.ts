import type { Content } from '../../core/content/schema';
import type { Clock } from '../../core/clock';
import type { Db } from '../../store/db';
import type { StaffSessions } from '../staff-sessions';
import type { StaffEvents } from '../events';
import type { Handlers } from '../dispatch';
import type { MethodName } from '../contract';

export interface ServiceDeps {
  db: Db;
  /** The folder holding stride.db; handouts and default backups live beside it. */
  dataDir: string;
  /** resources/ (content, illustrations, fonts). */
  resourcesDir: string;
  content: Content;
  clock: Clock;
  staffSessions: StaffSessions;
  events: StaffEvents;
}

/** The handlers of one group of methods. */
export type HandlersFor<M extends Record<string, unknown>> = Pick<Handlers, Extract<keyof M, MethodName>>;
