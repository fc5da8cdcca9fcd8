/** Where the eye and the focus go on a kiosk screen. DOM only; the visit decides what is on show. */
import { tick } from 'svelte';

/** A new screen: start at the top, with screen readers and keyboard users on its title. */
export async function showTop(): Promise<void> {
  await tick();
  window.scrollTo(0, 0);
  document.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: true });
}

/** A screen coming back (the review page after a change): where it was scrolled, the focus on its title. */
export async function showAt(y: number): Promise<void> {
  await tick();
  window.scrollTo({ top: y, behavior: 'instant' });
  document.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: true });
}

/** After a check found problems: bring the first one into view. */
export async function showFirstProblem(): Promise<void> {
  await tick();
  const first = document.querySelector<HTMLElement>('.has-error, [aria-invalid="true"], .dob.invalid');
  first?.scrollIntoView({ block: 'center', behavior: 'instant' });
}
