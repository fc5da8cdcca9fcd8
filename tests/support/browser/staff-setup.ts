/** First-run setup through the staff screen, as an administrator does it: name, the PIN twice, the recovery code. */
import type { Page } from 'playwright-core';

export const ADMIN_PIN = '246813';

async function typePin(page: Page, pin: string): Promise<void> {
  for (const digit of pin) await page.getByRole('button', { name: digit, exact: true }).click();
  await page.getByRole('button', { name: 'Unlock' }).click();
}

/** Sets up the first administrator and returns the recovery code it was shown (the screen is then unlocked). */
export async function setUpFirstAdmin(page: Page, name: string, pin = ADMIN_PIN): Promise<string> {
  await page.getByLabel('Your name').fill(name);
  await typePin(page, pin);
  await page.getByText('Enter the same PIN again.').waitFor();
  await typePin(page, pin);
  const code = await page.getByTestId('recovery-code').innerText();
  await page.getByRole('button', { name: 'I have kept the code' }).click();
  return code;
}
