/**
 * Staff events across hubs: an urgent alert published through one PostgreSQL store reaches a subscriber of another
 * store on the same database (two hubs of a clinic group), pushed by LISTEN/NOTIFY; when the listening connection is
 * cut, it comes back by itself, says so (resync), and hears the next alert.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ClinicStore, StaffEventMessage } from '../../src-main/store/clinic-store';
import { LISTENER_APPLICATION_NAME, STAFF_EVENT_CHANNEL } from '../../src-main/store/postgres/staff-events';
import { postgresEngine, type EngineHandle } from '../support/clinic-store-engines';

const handles: EngineHandle[] = [];
afterEach(async () => {
  for (const h of handles.splice(0)) await h.cleanup();
});

const alert = (sessionId: number): StaffEventMessage => ({
  type: 'alert.urgent',
  sessionId,
  urgency: 'emergency',
  checkInCode: 'K7QX',
});

describe.skipIf(postgresEngine.skip !== null)(
  postgresEngine.skip ? `staff events across hubs (skipped: ${postgresEngine.skip})` : 'staff events across hubs',
  () => {
    async function twoHubs(): Promise<{ h: EngineHandle; siteA: ClinicStore; siteB: ClinicStore }> {
      const h = await postgresEngine.open();
      handles.push(h);
      return { h, siteA: h.store, siteB: await h.another() };
    }

    it('an urgent alert raised at one hub reaches staff subscribed at another', async () => {
      const { siteA, siteB } = await twoHubs();
      const atB: StaffEventMessage[] = [];
      const atA: StaffEventMessage[] = [];
      await siteB.subscribeStaffEvents((e) => atB.push(e));
      await siteA.subscribeStaffEvents((e) => atA.push(e));
      await siteA.publishStaffEvent(alert(1));
      await siteA.publishStaffEvent({ type: 'queue.changed' });
      await expect.poll(() => atB, { timeout: 5_000 }).toEqual([alert(1), { type: 'queue.changed' }]);
      // The publishing hub's own staff hear it too, once.
      await expect.poll(() => atA, { timeout: 5_000 }).toEqual([alert(1), { type: 'queue.changed' }]);
    });

    it('drops what is not a staff event instead of handing it on', async () => {
      const { h, siteB } = await twoHubs();
      const heard: StaffEventMessage[] = [];
      await siteB.subscribeStaffEvents((e) => heard.push(e));
      // Another program writing to the channel: not JSON, then a patient's name where only codes belong.
      await h.exec(`SELECT pg_notify('${STAFF_EVENT_CHANNEL}', 'hello')`);
      await h.exec(`SELECT pg_notify('${STAFF_EVENT_CHANNEL}', '{"type":"x","patient":{"name":"Zoë"}}')`);
      await h.store.publishStaffEvent(alert(2));
      await expect.poll(() => heard, { timeout: 5_000 }).toEqual([alert(2)]);
    });

    it('refuses to publish an event that could carry more than ids and codes', async () => {
      const { siteA } = await twoHubs();
      await expect(
        siteA.publishStaffEvent({ type: 'alert.urgent', detail: { name: 'Zoë' } } as unknown as StaffEventMessage),
      ).rejects.toThrow();
    });

    it('reconnects after the listening connection drops, asks for a resync, and hears the next alert', async () => {
      const { h, siteA, siteB } = await twoHubs();
      const heard: StaffEventMessage[] = [];
      let resyncs = 0;
      await siteB.subscribeStaffEvents((e) => heard.push(e), { onResync: () => resyncs++ });
      await siteA.publishStaffEvent(alert(3));
      await expect.poll(() => heard.length, { timeout: 5_000 }).toBe(1);

      // Cut every listening connection, as a server restart or an administrator would; the resync proves it was cut.
      await h.exec(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE application_name = '${LISTENER_APPLICATION_NAME}' AND datname = current_database()`,
      );
      expect(resyncs).toBe(0);
      await expect.poll(() => resyncs, { timeout: 10_000 }).toBe(1);
      await siteA.publishStaffEvent(alert(4));
      await expect.poll(() => heard, { timeout: 5_000 }).toEqual([alert(3), alert(4)]);
      expect(await h.count('intake_sessions')).toBe(0);
    });
  },
);
