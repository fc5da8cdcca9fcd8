import { describe, expect, it } from 'vitest';
import { onStaffLocked, onStaffRequested } from '../../src-main/electron/staff-switch';

describe('switching between kiosk and staff screen', () => {
  it('on a one-screen machine the gesture brings the staff window over the kiosk', () => {
    expect(onStaffRequested(1)).toBe('cover-kiosk');
  });

  it('with two screens the staff window already has its own screen', () => {
    expect(onStaffRequested(2)).toBe('none');
    expect(onStaffLocked(2, false)).toBe('none');
  });

  it('locking hands the single screen back to the kiosk, only if the staff window had taken it', () => {
    expect(onStaffLocked(1, true)).toBe('return-to-kiosk');
    expect(onStaffLocked(1, false)).toBe('none');
  });
});
