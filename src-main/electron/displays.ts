/**
 * Which display the kiosk and clinician windows go on. Pure: main.ts feeds it screen.getAllDisplays() at start and
 * again on display-added / display-removed, and moves the windows when the answer changes.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DisplayInfo {
  id: number;
  bounds: Rect;
  workArea: Rect;
}

export interface DisplayChoice {
  kiosk: DisplayInfo;
  clinician: DisplayInfo;
}

/**
 * Kiosk: the display chosen in settings when it is connected; otherwise a non-primary display when there are two or
 * more (the patient-facing touchscreen is usually the extra one); otherwise the primary.
 * Clinician: the primary display when the kiosk is elsewhere, else another display, else the same one.
 */
export function chooseDisplays(
  displays: readonly DisplayInfo[],
  primaryId: number,
  preferredKioskId: number | null,
): DisplayChoice {
  const first = displays[0];
  if (!first) throw new Error('No display is connected.');
  const primary = displays.find((d) => d.id === primaryId) ?? first;
  const preferred = preferredKioskId === null ? undefined : displays.find((d) => d.id === preferredKioskId);
  const kiosk = preferred ?? displays.find((d) => d.id !== primary.id) ?? primary;
  const clinician = kiosk.id !== primary.id ? primary : (displays.find((d) => d.id !== kiosk.id) ?? kiosk);
  return { kiosk, clinician };
}

/** A window rectangle centred in a display's work area, no larger than the work area. */
export function centredIn(display: DisplayInfo, size: { width: number; height: number }): Rect {
  const area = display.workArea;
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  return {
    x: area.x + Math.round((area.width - width) / 2),
    y: area.y + Math.round((area.height - height) / 2),
    width,
    height,
  };
}

/** Whether a window whose top-left corner is at `point` sits on `display`. */
export function isOnDisplay(point: { x: number; y: number }, display: DisplayInfo): boolean {
  const b = display.bounds;
  return point.x >= b.x && point.x < b.x + b.width && point.y >= b.y && point.y < b.y + b.height;
}
