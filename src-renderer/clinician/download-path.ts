/** How a download reaches the user: the desktop app (the one with a preload bridge) saves through its main process. */
export type DownloadPath = 'main-process' | 'browser';

export function downloadPath(hasBridge: boolean): DownloadPath {
  return hasBridge ? 'main-process' : 'browser';
}
