/**
 * Locks the screen after a period without keyboard, pointer or wheel input. Checks once a second against the wall
 * clock, so a sleeping laptop that wakes after the limit locks at once.
 */
export function startIdleLock(limitMs: () => number, onIdle: () => void): () => void {
  let last = Date.now();
  const touch = () => {
    last = Date.now();
  };
  const events = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
  for (const e of events) window.addEventListener(e, touch, { passive: true, capture: true });
  const timer = setInterval(() => {
    if (Date.now() - last >= limitMs()) {
      last = Date.now();
      onIdle();
    }
  }, 1000);
  return () => {
    clearInterval(timer);
    for (const e of events) window.removeEventListener(e, touch, { capture: true });
  };
}
