/**
 * Electron fuses for packaged builds, flipped by scripts/flip-fuses.ts. Names match @electron/fuses' FuseV1Options.
 * Every fuse is set explicitly so a new Electron default cannot change our build silently.
 */
export const STRIDE_FUSES = {
  /** ELECTRON_RUN_AS_NODE would turn the app into a plain Node interpreter. */
  RunAsNode: false,
  EnableCookieEncryption: true,
  /** NODE_OPTIONS could inject code (--require) into the main process. */
  EnableNodeOptionsEnvironmentVariable: false,
  /** --inspect would let anyone on the machine attach a debugger to the main process. */
  EnableNodeCliInspectArguments: false,
  /** The app.asar must match the hash embedded at package time. */
  EnableEmbeddedAsarIntegrityValidation: true,
  /** Never load app code from a loose folder next to the binary. */
  OnlyLoadAppFromAsar: true,
  LoadBrowserProcessSpecificV8Snapshot: false,
  /** Pages come from app://, so file:// gets no extra privileges. */
  GrantFileProtocolExtraPrivileges: false,
} as const satisfies Record<string, boolean>;

export type FuseName = keyof typeof STRIDE_FUSES;
