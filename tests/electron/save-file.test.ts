/** Desktop downloads: the save dialog decides where, the main process writes the file; cancelling writes nothing. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveWithDialog, type SaveDialogOptions } from '../../src-main/electron/save-file';
import { downloadPath } from '../../src-renderer/clinician/download-path';
import { makeTestCore } from '../support/core';
import type { DesktopCapabilities } from '../../src-main/api/handlers/deps';

const pdf = new TextEncoder().encode('%PDF-1.7 handout');

describe('saving a download in the desktop app', () => {
  it('opens the dialog in Downloads with the name and type, and writes the chosen file 0600', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stride-save-'));
    try {
      let asked: SaveDialogOptions | null = null;
      const target = join(dir, 'chosen.pdf');
      const r = await saveWithDialog(
        {
          defaultDir: dir,
          showSaveDialog: async (o) => {
            asked = o;
            return { canceled: false, filePath: target };
          },
        },
        'handout-s1-20261126T093005Z-abcdef.pdf',
        pdf,
      );
      expect(r).toEqual({ saved: true, path: target });
      expect(asked).toMatchObject({
        defaultPath: join(dir, 'handout-s1-20261126T093005Z-abcdef.pdf'),
        filters: [{ extensions: ['pdf'] }],
      });
      expect(readFileSync(target)).toEqual(Buffer.from(pdf));
      expect(statSync(target).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes nothing when the dialog is cancelled', async () => {
    let wrote = false;
    const r = await saveWithDialog(
      {
        defaultDir: '/nowhere',
        showSaveDialog: async () => ({ canceled: true }),
        write: async () => {
          wrote = true;
        },
      },
      'a.pdf',
      pdf,
    );
    expect(r).toEqual({ saved: false });
    expect(wrote).toBe(false);
  });

  it('the renderer takes the main-process path only in the desktop app', () => {
    expect(downloadPath(true)).toBe('main-process');
    expect(downloadPath(false)).toBe('browser');
  });

  it('files.save is the desktop app only, takes only a plain file name, and is audited', async () => {
    const saved: { name: string; bytes: number }[] = [];
    const desktop: DesktopCapabilities = {
      openFile: async () => '',
      saveFile: async (name, bytes) => {
        saved.push({ name, bytes: bytes.length });
        return { saved: true, path: `/home/x/${name}` };
      },
    };
    const t = await makeTestCore({ desktop });
    const web = await makeTestCore();
    try {
      for (const core of [t, web])
        expect((await core.call(core.staff, 'staff.setup', { name: 'Ada Admin', pin: '246813' })).ok).toBe(true);
      const payload = {
        fileName: 'stride-record-patient-1-2026-11-26.pdf',
        base64: Buffer.from(pdf).toString('base64'),
      };
      expect(await web.call(web.staff, 'files.save', payload)).toMatchObject({
        ok: false,
        error: { code: 'unavailable' },
      });
      expect(await t.call(t.staff, 'files.save', { ...payload, fileName: '../../etc/x.pdf' })).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
      expect(await t.call(t.staff, 'files.save', payload)).toEqual({ ok: true, value: { saved: true } });
      expect(saved).toEqual([{ name: payload.fileName, bytes: pdf.length }]);
      const row = (await t.sql.get("SELECT actor_id, detail_json FROM audit_log WHERE action = 'file.save'")) as {
        actor_id: number;
        detail_json: string;
      };
      expect(row.actor_id).toBe(1);
      expect(JSON.parse(row.detail_json)).toMatchObject({ fileName: payload.fileName, saved: true });
    } finally {
      await t.dispose();
      await web.dispose();
    }
  });
});
