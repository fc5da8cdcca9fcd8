/**
 * Which key presses the kiosk window swallows (before-input-event): reload, devtools, zoom, history navigation,
 * printing, saving, find, view-source, new/close window and fullscreen toggles. Typing, Tab, Enter, Escape,
 * Backspace, arrows and copy/paste stay untouched, so the intake form keeps working with a keyboard.
 */

/** The fields of Electron's `Input` this decision needs. */
export interface KeyInput {
  type: string;
  key: string;
  code?: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

const ALWAYS_SWALLOWED_KEYS = new Set([
  'F5', // reload
  'F11', // fullscreen toggle
  'F12', // devtools
  'BrowserBack',
  'BrowserForward',
  'BrowserRefresh',
  'BrowserHome',
  'BrowserSearch',
  'BrowserStop',
  'BrowserFavorites',
  'ZoomIn',
  'ZoomOut',
  'ZoomToggle',
  'Print',
]);

/**
 * With Ctrl (or Cmd): reload (r), print (p), save (s), open (o), find (f, g), view source (u), new window/tab (n, t),
 * close/quit (w, q), minimise (m), history back/forward ([, ]) and zoom (+, =, -, _, 0).
 */
const ACCELERATOR_KEYS = new Set([
  'r',
  'p',
  's',
  'o',
  'f',
  'g',
  'u',
  'n',
  't',
  'w',
  'q',
  'm',
  '[',
  ']',
  '+',
  '=',
  '-',
  '_',
  '0',
]);
/** With Ctrl+Shift (or Cmd+Alt): devtools, inspector, console, deleting browsing data. */
const DEVTOOLS_KEYS = new Set(['i', 'j', 'c', 'k', 'delete']);

export function shouldSwallowKioskKey(input: KeyInput): boolean {
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return false;
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  const lowerKey = key.toLowerCase();

  if (ALWAYS_SWALLOWED_KEYS.has(input.key)) return true;
  if (input.code === 'NumpadAdd' || input.code === 'NumpadSubtract' || input.code === 'Numpad0') {
    if (input.control || input.meta) return true;
  }

  const accel = input.control || input.meta;
  if (accel && (input.shift || input.alt) && DEVTOOLS_KEYS.has(lowerKey)) return true;
  if (accel && ACCELERATOR_KEYS.has(lowerKey)) return true;

  // Alt+Left/Right and Alt+Home: history navigation.
  if (input.alt && !accel && (key === 'ArrowLeft' || key === 'ArrowRight' || key === 'Home')) return true;
  // Alt+F4 closes the window where the window manager lets the page see it first.
  if (input.alt && key === 'F4') return true;
  return false;
}
