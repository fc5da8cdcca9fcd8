import { describe, expect, it } from 'vitest';
import { auditSentence } from '../../src-renderer/clinician/admin/audit-sentences';
import type { AuditEntryView } from '../../src-main/api/types';

const entry = (e: Partial<AuditEntryView>): AuditEntryView => ({
  id: 1,
  at: '2026-11-26T09:00:00.000Z',
  actorType: 'clinician',
  actorId: 1,
  actorName: 'Amara Okafor',
  action: 'session.open',
  targetType: null,
  targetId: null,
  detail: null,
  ...e,
});

describe('the audit log in sentences', () => {
  it('says who did what to which record', () => {
    expect(auditSentence(entry({ action: 'session.open', targetType: 'session', targetId: 12 }))).toBe(
      'Amara Okafor opened intake #12.',
    );
    expect(
      auditSentence(
        entry({ action: 'intake.submit', actorType: 'kiosk', actorName: null, targetType: 'session', targetId: 3 }),
      ),
    ).toBe('The kiosk sent in intake #3.');
  });

  it('carries the detail that matters', () => {
    expect(
      auditSentence(
        entry({
          action: 'staff.unlock.failed',
          actorType: 'system',
          actorName: null,
          targetType: 'clinician',
          targetId: 2,
          detail: { failed: 3, deviceId: 4 },
        }),
      ),
    ).toBe('Stride refused a wrong PIN for clinician #2 (3rd in a row there, on device #4).');
    expect(auditSentence(entry({ action: 'patient.search', detail: { results: 1, byDateOfBirth: false } }))).toBe(
      'Amara Okafor searched for patients (1 result).',
    );
    expect(auditSentence(entry({ action: 'queue.read', detail: { date: '2026-11-20', entries: 7 } }))).toBe(
      'Amara Okafor looked at the queue of 2026-11-20 (7 intakes).',
    );
  });

  it('tells which namesake records were shown and where a visit was moved', () => {
    const onSession = { targetType: 'session', targetId: 4 } as const;
    expect(auditSentence(entry({ action: 'identity.namesakes', ...onSession, detail: { patientIds: [2, 5] } }))).toBe(
      'Amara Okafor was shown the records sharing the name and birth date of intake #4 (patients #2, #5).',
    );
    expect(
      auditSentence(
        entry({ action: 'identity.otherRecord', ...onSession, detail: { fromPatientId: 1, toPatientId: 2 } }),
      ),
    ).toBe('Amara Okafor said intake #4 is not patient #1: moved to namesake patient #2.');
  });

  it('tells which records born that day were shown for a returning patient with no record, and the move', () => {
    const onSession = { targetType: 'session', targetId: 2 } as const;
    expect(auditSentence(entry({ action: 'identity.bornThatDay', ...onSession, detail: { patientIds: [1] } }))).toBe(
      'Amara Okafor was shown the other patients born on the day given in intake #2, a returning patient with no ' +
        'record (patients #1).',
    );
    const moved = { fromPatientId: 2, toPatientId: 1 };
    expect(auditSentence(entry({ action: 'identity.returningRecord', ...onSession, detail: moved }))).toBe(
      'Amara Okafor moved intake #2, a returning patient with no record found, from new patient #2 to their record, ' +
        'patient #1.',
    );
  });

  it('says when a kiosk deleted intakes it could not deliver, and which device it was', () => {
    const detail = { count: 3, oldestHeldAt: '2026-11-01T17:40:00.000Z' };
    const kiosk = { actorType: 'kiosk', actorId: null, actorName: null } as const;
    expect(
      auditSentence(entry({ action: 'kiosk.heldExpired', ...kiosk, targetType: 'device', targetId: 7, detail })),
    ).toBe(
      'The kiosk (device #7) deleted 3 intakes it could not deliver within 30 days (the oldest since 2026-11-01).',
    );
    expect(auditSentence(entry({ action: 'kiosk.heldExpired', ...kiosk, detail: { ...detail, count: 1 } }))).toBe(
      'The kiosk deleted an intake it could not deliver within 30 days (the oldest since 2026-11-01).',
    );
  });

  it("says which of a patient's details were changed, never their values", () => {
    const patient = { targetType: 'patient', targetId: 3 } as const;
    const corrected = { fields: ['name', 'dateOfBirth', 'phone'] };
    expect(auditSentence(entry({ action: 'patient.update', ...patient, detail: corrected }))).toBe(
      'Amara Okafor changed the name, date of birth and phone of patient #3.',
    );
    const taken = { fields: ['phone'], fromSession: 12, hadPhone: true };
    expect(auditSentence(entry({ action: 'patient.update', ...patient, detail: taken }))).toBe(
      'Amara Okafor changed the phone of patient #3 (from intake #12).',
    );
  });

  it('says when an administrator noted the intakes a kiosk deleted', () => {
    const detail = { count: 3, lastReportedAt: '2026-12-01T09:00:00.000Z' };
    expect(
      auditSentence(entry({ action: 'device.heldExpired.acknowledge', targetType: 'device', targetId: 7, detail })),
    ).toBe('Amara Okafor noted that device #7 had deleted 3 intakes it could not deliver.');
  });

  it('says which database the hub will use from its next start', () => {
    expect(
      auditSentence(
        entry({
          action: 'machine.database',
          detail: { engine: 'postgres', server: 'postgres://stride@db.lan/stride' },
        }),
      ),
    ).toBe(
      "Amara Okafor set this hub to keep the clinic's data in the PostgreSQL server postgres://stride@db.lan/stride " +
        'from its next start.',
    );
    expect(auditSentence(entry({ action: 'machine.database', detail: { engine: 'sqlite' } }))).toMatch(
      /own database \(SQLite\) from its next start\.$/,
    );
  });

  it('an action it does not know is still a sentence, never a bare code', () => {
    expect(auditSentence(entry({ action: 'future.thing', targetType: 'patient', targetId: 9 }))).toBe(
      'Amara Okafor did “future.thing” on patient #9.',
    );
  });

  it('knows every action the core writes', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const root = join(import.meta.dirname, '..', '..', 'src-main');
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
    const actions = new Set<string>();
    const patterns = [
      /action: (?:[^'\n,]*\? )?'([a-z]+\.[a-z.A-Z]+)'(?: : '([a-z]+\.[a-z.A-Z]+)')?/g,
      /audit\(\s*ctx,\s*'([a-z.A-Z]+)'/g,
    ];
    for (const f of files) {
      const text = readFileSync(join(root, f), 'utf8');
      for (const p of patterns) for (const m of text.matchAll(p)) for (const a of m.slice(1)) if (a) actions.add(a);
    }
    expect(actions.size).toBeGreaterThan(30);
    const unknown = [...actions].filter((a) => auditSentence(entry({ action: a })).includes('did “'));
    expect(unknown).toEqual([]);
  });
});
