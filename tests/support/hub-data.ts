/**
 * A hub's data before the hub starts (its admin page is loopback-only, inside its namespace): the first
 * administrator, and one pairing code per device asked for, in order. In the SQLite file in `dataDir`, or in the
 * PostgreSQL database `options.database` names, which the hubs of a group then share.
 */
import { join } from 'node:path';
import { openStrideCore } from '../../src-main/api/app';
import { repoRoot } from './core';
import { ADMIN_PIN } from './browser/staff-setup';

export interface HubData {
  /** The administrator, who is also the clinician that unlocks staff devices. */
  clinicianId: number;
  codes: string[];
}

export async function prepareHubData(
  dataDir: string,
  devices: readonly { role: 'kiosk' | 'staff'; name: string }[],
  pin = ADMIN_PIN,
  options: { database?: string } = {},
): Promise<HubData> {
  const core = await openStrideCore({
    dataDir,
    resourcesDir: join(repoRoot, 'resources'),
    backupSchedule: false,
    database: options.database,
  });
  try {
    const admin = { channel: 'staff' as const, key: 'setup' };
    const setup = await core.dispatch(admin, 'staff.setup', { name: 'Ada Admin', pin });
    if (!setup.ok) throw new Error(setup.error.message);
    const codes: string[] = [];
    for (const device of devices) {
      const issued = await core.dispatch(admin, 'devices.pair.start', device);
      if (!issued.ok) throw new Error(issued.error.message);
      codes.push((issued.value as { code: string }).code);
    }
    return { clinicianId: (setup.value as { id: number }).id, codes };
  } finally {
    await core.close();
  }
}
