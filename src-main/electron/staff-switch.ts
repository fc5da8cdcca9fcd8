/**
 * One screen or two. With two displays the kiosk and the staff window each keep their own screen. With one, the staff
 * window hides behind the full-screen kiosk; the hidden staff gesture brings it up (it is PIN-locked, so a patient
 * who finds the gesture learns nothing), and locking it hands the screen back to the kiosk.
 */
export type StaffSwitchAction = 'none' | 'cover-kiosk' | 'return-to-kiosk';

export function onStaffRequested(displayCount: number): StaffSwitchAction {
  return displayCount <= 1 ? 'cover-kiosk' : 'none';
}

export function onStaffLocked(displayCount: number, staffWindowCoversKiosk: boolean): StaffSwitchAction {
  return displayCount <= 1 && staffWindowCoversKiosk ? 'return-to-kiosk' : 'none';
}
