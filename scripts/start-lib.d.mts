export declare const ELECTRON_FALLBACK_SENTENCE: string;
export declare function displayAvailable(env: Record<string, string | undefined>): boolean;
export declare function chromiumArgs(options: { url: string; userDataDir: string; isRoot: boolean }): string[];
export declare function electronArgs(options: { appDir: string; isRoot: boolean; args?: string[] }): string[];
export declare const STRIDE_FLAGS: string[];
export declare function parseShellReady(line: string): {
  kioskUrl: string;
  clinicianUrl: string;
  kioskLaunchUrl: string;
  clinicianLaunchUrl: string;
  dataDir: string | null;
} | null;
export declare function electronFetchTimeoutMs(env: Record<string, string | undefined>): number;
export declare const ELECTRON_PROBE_CODE: string;
export declare function parseElectronProbe(output: string): string | null;
