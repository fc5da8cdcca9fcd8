/** The administrator's records screens: a backup on demand and a restore, and a patient's record exported. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser, Download, Page } from 'playwright-core';
import { clinicianContext, type RunningShell } from '../support/browser/harness';
import { useShellAndBrowser } from '../support/browser/setup';
import { loadVignettes, submissionFor } from '../support/core';
import { setUpFirstAdmin } from '../support/browser/staff-setup';
import { kioskSubmit } from '../support/browser/kiosk-helpers';

let shell: RunningShell;
let browser: Browser;
useShellAndBrowser((s, b) => ((shell = s), (browser = b)));

async function submit(name: string): Promise<void> {
  const v = loadVignettes().find((x) => x.expectUrgency === 'routine')!;
  await kioskSubmit(shell, submissionFor(v, new Date().toISOString().slice(0, 10), name));
}

async function unlock(page: Page): Promise<void> {
  for (const d of '246813') await page.getByRole('button', { name: d, exact: true }).click();
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('button', { name: 'Lock' }).waitFor();
}

describe('records (administrator)', () => {
  it('backs up on demand, restores a backup (later entries set aside, screens locked), exports a record', async () => {
    await submit('Núria Puig');
    const page = await (await clinicianContext(browser)).newPage();
    page.on('dialog', (d) => void d.accept());
    await page.goto(shell.info.clinicianUrl);
    await setUpFirstAdmin(page, 'Amara Okafor');
    await page.getByRole('button', { name: 'Lock' }).waitFor();

    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('button', { name: 'Records' }).click();
    await page.getByRole('button', { name: 'Back up now' }).click();
    await page.getByText(/Backup saved: stride-\d{8}T\d{9}Z\.db/).waitFor();
    expect(await page.locator('[data-backup]').count()).toBe(1);

    // A patient who arrives after the backup is gone once the backup is restored.
    await submit('Later Arrival');
    await page.locator('[data-backup]').getByRole('button', { name: 'Restore…' }).click();
    await page.getByRole('heading', { name: 'Unlock' }).waitFor();
    await unlock(page);
    await nav.getByRole('button', { name: 'Queue' }).click();
    await page.getByRole('row', { name: /Núria Puig/ }).waitFor();
    expect(await page.getByRole('row', { name: /Later Arrival/ }).count()).toBe(0);

    await nav.getByRole('button', { name: 'Patients' }).click();
    await page.getByLabel('Name').fill('nuria');
    await page.getByRole('button', { name: 'Núria Puig' }).click();
    // One action, a choice: each export hands over the one file chosen.
    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    const exportAs = async (label: string) => {
      const before = downloads.length;
      await page.getByRole('button', { name: 'Export record…' }).click();
      await page.getByRole('radio', { name: label }).check();
      await page.getByRole('form', { name: 'Export record' }).getByRole('button', { name: 'Export' }).click();
      await expect.poll(() => downloads.length).toBe(before + 1);
      await page.getByRole('status').getByText(`Exported: ${label}`).waitFor();
      return downloads.at(-1)!;
    };
    const stem = /^stride-record-patient-\d+-\d{4}-\d{2}-\d{2}/;
    const letter = await exportAs('Clinical letter (PDF)');
    expect(letter.suggestedFilename().replace(stem, '')).toBe('-letter.pdf');
    expect(
      readFileSync((await letter.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    const fhirFile = await exportAs('HL7 FHIR R4 (JSON)');
    expect(fhirFile.suggestedFilename().replace(stem, '')).toBe('.fhir.json');
    const fhir = JSON.parse(readFileSync((await fhirFile.path())!, 'utf8')) as {
      resourceType: string;
      entry: { resource: { resourceType: string } }[];
    };
    expect(fhir.resourceType).toBe('Bundle');
    expect(fhir.entry.map((e) => e.resource.resourceType)).toEqual(
      expect.arrayContaining(['Patient', 'QuestionnaireResponse', 'Observation']),
    );

    const bundleFile = await exportAs('Full record (JSON)');
    expect(bundleFile.suggestedFilename().replace(stem, '')).toBe('.json');
    const bundle = JSON.parse(readFileSync((await bundleFile.path())!, 'utf8')) as { patient: { fullName: string } };
    expect(bundle.patient.fullName).toBe('Núria Puig');
    expect(downloads).toHaveLength(3);
  });
});
