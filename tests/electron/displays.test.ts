import { describe, expect, it } from 'vitest';
import { centredIn, chooseDisplays, isOnDisplay, type DisplayInfo } from '../../src-main/electron/displays';

function display(id: number, x: number, width = 1920, height = 1080): DisplayInfo {
  return { id, bounds: { x, y: 0, width, height }, workArea: { x, y: 0, width, height: height - 40 } };
}

const laptop = display(1, 0);
const touch = display(2, 1920, 1080, 1920);
const third = display(3, 3000);

describe('display choice', () => {
  it('puts both windows on the only display', () => {
    const choice = chooseDisplays([laptop], 1, null);
    expect(choice.kiosk.id).toBe(1);
    expect(choice.clinician.id).toBe(1);
  });

  it('puts the kiosk on the extra display and the clinician on the primary by default', () => {
    const choice = chooseDisplays([laptop, touch], 1, null);
    expect(choice.kiosk.id).toBe(2);
    expect(choice.clinician.id).toBe(1);
  });

  it('honours the display chosen in settings, and keeps the clinician off it', () => {
    const choice = chooseDisplays([laptop, touch], 1, 1);
    expect(choice.kiosk.id).toBe(1);
    expect(choice.clinician.id).toBe(2);
    expect(chooseDisplays([laptop, touch, third], 1, 3).kiosk.id).toBe(3);
  });

  it('falls back when the chosen display is unplugged', () => {
    expect(chooseDisplays([laptop, touch], 1, 99).kiosk.id).toBe(2);
    expect(chooseDisplays([laptop], 1, 2).kiosk.id).toBe(1);
  });

  it('follows a display being added and removed', () => {
    expect(chooseDisplays([laptop], 1, null).kiosk.id).toBe(1);
    expect(chooseDisplays([laptop, touch], 1, null).kiosk.id).toBe(2);
    expect(chooseDisplays([laptop], 1, null).kiosk.id).toBe(1);
  });

  it('copes with a primary id that is not in the list', () => {
    const choice = chooseDisplays([laptop, touch], 42, null);
    expect(choice.kiosk.id).not.toBe(choice.clinician.id);
  });

  it('fails clearly with no display', () => {
    expect(() => chooseDisplays([], 1, null)).toThrow(/No display/);
  });
});

describe('window placement', () => {
  it('centres a window in the work area, never larger than it', () => {
    expect(centredIn(touch, { width: 1280, height: 800 })).toEqual({ x: 1920, y: 540, width: 1080, height: 800 });
    const r = centredIn(laptop, { width: 4000, height: 4000 });
    expect(r).toEqual(laptop.workArea);
  });

  it('tells which display a window is on', () => {
    expect(isOnDisplay({ x: 1920, y: 10 }, touch)).toBe(true);
    expect(isOnDisplay({ x: 1919, y: 10 }, touch)).toBe(false);
    expect(isOnDisplay({ x: 100, y: 100 }, laptop)).toBe(true);
  });
});
