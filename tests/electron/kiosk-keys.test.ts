import { describe, expect, it } from 'vitest';
import { shouldSwallowKioskKey, type KeyInput } from '../../src-main/electron/kiosk-keys';

function key(k: string, mods: Partial<Omit<KeyInput, 'key'>> = {}): KeyInput {
  return { type: 'keyDown', key: k, control: false, meta: false, alt: false, shift: false, ...mods };
}

describe('kiosk key combinations', () => {
  it.each([
    ['F5 reload', key('F5')],
    ['Ctrl+R reload', key('r', { control: true })],
    ['Cmd+R reload', key('r', { meta: true })],
    ['Ctrl+Shift+R hard reload', key('R', { control: true, shift: true })],
    ['F12 devtools', key('F12')],
    ['Ctrl+Shift+I devtools', key('I', { control: true, shift: true })],
    ['Ctrl+Shift+J console', key('J', { control: true, shift: true })],
    ['Ctrl+Shift+C inspector', key('C', { control: true, shift: true })],
    ['Cmd+Alt+I devtools', key('i', { meta: true, alt: true })],
    ['Ctrl++ zoom in', key('+', { control: true, shift: true })],
    ['Ctrl+= zoom in', key('=', { control: true })],
    ['Ctrl+- zoom out', key('-', { control: true })],
    ['Ctrl+0 zoom reset', key('0', { control: true })],
    ['Ctrl+numpad plus', { ...key('+', { control: true }), code: 'NumpadAdd' }],
    ['Alt+Left back', key('ArrowLeft', { alt: true })],
    ['Alt+Right forward', key('ArrowRight', { alt: true })],
    ['Cmd+[ back', key('[', { meta: true })],
    ['BrowserBack key', key('BrowserBack')],
    ['BrowserRefresh key', key('BrowserRefresh')],
    ['Ctrl+P print', key('p', { control: true })],
    ['Ctrl+S save', key('s', { control: true })],
    ['Ctrl+U view source', key('u', { control: true })],
    ['Ctrl+F find', key('f', { control: true })],
    ['Ctrl+W close', key('w', { control: true })],
    ['Cmd+Q quit', key('q', { meta: true })],
    ['Ctrl+N new window', key('n', { control: true })],
    ['F11 fullscreen', key('F11')],
    ['Alt+F4 close', key('F4', { alt: true })],
    ['raw key down is also checked', { ...key('F5'), type: 'rawKeyDown' }],
  ])('swallows %s', (_label, input) => {
    expect(shouldSwallowKioskKey(input)).toBe(true);
  });

  it.each([
    ['letters', key('a')],
    ['capital letters', key('R', { shift: true })],
    ['digits', key('0')],
    ['accented letters', key('ñ')],
    ['Backspace', key('Backspace')],
    ['Enter', key('Enter')],
    ['Tab', key('Tab')],
    ['Shift+Tab', key('Tab', { shift: true })],
    ['Escape', key('Escape')],
    ['arrows', key('ArrowLeft')],
    ['Ctrl+Left word jump', key('ArrowLeft', { control: true })],
    ['Ctrl+C copy', key('c', { control: true })],
    ['Ctrl+V paste', key('v', { control: true })],
    ['Ctrl+A select all', key('a', { control: true })],
    ['Ctrl+Z undo', key('z', { control: true })],
    ['minus typed in a field', key('-')],
    ['plus typed in a field', key('+', { shift: true })],
    ['AltGr characters', key('@', { control: true, alt: true })],
    ['key up of F5', { ...key('F5'), type: 'keyUp' }],
  ])('lets %s through', (_label, input) => {
    expect(shouldSwallowKioskKey(input)).toBe(false);
  });
});
