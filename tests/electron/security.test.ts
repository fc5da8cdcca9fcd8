import { describe, expect, it } from 'vitest';
import {
  clinicianWindowOptions,
  contentSecurityPolicy,
  denyPermissionCheck,
  denyPermissionRequest,
  denyWindowOpen,
  devToolsAllowed,
  isAllowedNavigation,
  isAllowedRequest,
  kioskWindowOptions,
  secureWebPreferences,
  withSecurityHeaders,
} from '../../src-main/electron/security';
import { isAppOrigin, pageUrl } from '../../src-main/electron/app-origin';

const bounds = { x: 0, y: 0, width: 1024, height: 768 };

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name as string, values]),
  );
}

describe('web preferences', () => {
  it('write out every isolation setting explicitly', () => {
    const prefs = secureWebPreferences({ preload: '/p.cjs', devTools: false });
    expect(prefs).toMatchObject({
      preload: '/p.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      devTools: false,
    });
    expect(prefs.enableBlinkFeatures).toBe('');
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
  });

  it('are used unchanged by both windows', () => {
    const kiosk = kioskWindowOptions({ preload: '/k.cjs', devTools: false, fullscreen: true, bounds });
    const clinician = clinicianWindowOptions({ preload: '/c.cjs', devTools: true, bounds });
    expect(kiosk.webPreferences).toEqual(secureWebPreferences({ preload: '/k.cjs', devTools: false }));
    expect(clinician.webPreferences).toEqual(secureWebPreferences({ preload: '/c.cjs', devTools: true }));
  });

  it('put the kiosk in kiosk mode only when fullscreen is chosen', () => {
    const full = kioskWindowOptions({ preload: '/k.cjs', devTools: false, fullscreen: true, bounds });
    const windowed = kioskWindowOptions({ preload: '/k.cjs', devTools: false, fullscreen: false, bounds });
    expect(full).toMatchObject({ kiosk: true, fullscreen: true, frame: false, show: false, autoHideMenuBar: true });
    expect(windowed).toMatchObject({ kiosk: false, fullscreen: false, frame: true, resizable: true });
    expect(windowed.x).toBe(0);
    expect(windowed.width).toBe(1024);
  });

  it('allow devtools only in an unpackaged build that asks for them', () => {
    expect(devToolsAllowed(true, { STRIDE_DEVTOOLS: '1' })).toBe(false);
    expect(devToolsAllowed(false, {})).toBe(false);
    expect(devToolsAllowed(false, { STRIDE_DEVTOOLS: '1' })).toBe(true);
  });
});

describe('content security policy', () => {
  const csp = directives(contentSecurityPolicy());

  it("starts from default-src 'none'", () => {
    expect(csp.get('default-src')).toEqual(["'none'"]);
  });

  it('allows scripts, styles, fonts and connections only from our own origin', () => {
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('font-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:']);
  });

  it('never allows inline or eval script, or being framed or posting forms', () => {
    const text = contentSecurityPolicy();
    expect(text).not.toContain('unsafe-inline');
    expect(text).not.toContain('unsafe-eval');
    expect(text).not.toMatch(/\*/);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
  });

  it('replaces a CSP sent by the response and keeps other headers', () => {
    const merged = withSecurityHeaders({ 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] });
    expect(merged['content-security-policy']).toBeUndefined();
    expect(merged['Content-Security-Policy']).toEqual([contentSecurityPolicy()]);
    expect(merged['Content-Type']).toEqual(['text/html']);
    expect(merged['X-Content-Type-Options']).toEqual(['nosniff']);
  });
});

describe('navigation guard', () => {
  it('allows our own pages', () => {
    expect(isAllowedNavigation(pageUrl('kiosk'))).toBe(true);
    expect(isAllowedNavigation('app://stride/clinician.html#queue')).toBe(true);
  });

  it.each([
    'https://example.com/',
    'http://127.0.0.1:8080/kiosk.html',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'app://evil/kiosk.html',
    'app://stride.evil.com/kiosk.html',
    'app://user:pw@stride/kiosk.html',
    'chrome://settings',
    'about:blank',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(false);
    expect(isAppOrigin(url)).toBe(false);
  });

  it('lets pages load their own files, inline images and devtools, and nothing from the network', () => {
    expect(isAllowedRequest('app://stride/assets/kiosk.js')).toBe(true);
    expect(isAllowedRequest('data:image/png;base64,AAAA')).toBe(true);
    expect(isAllowedRequest('devtools://devtools/bundled/inspector.html')).toBe(true);
    expect(isAllowedRequest('https://fonts.googleapis.com/css')).toBe(false);
    expect(isAllowedRequest('http://localhost:5173/')).toBe(false);
    expect(isAllowedRequest('file:///etc/hosts')).toBe(false);
    expect(isAllowedRequest('ws://127.0.0.1:1234')).toBe(false);
  });
});

describe('window-open and permission handlers', () => {
  it('deny every new window', () => {
    expect(denyWindowOpen()).toEqual({ action: 'deny' });
  });

  it.each([
    'media',
    'geolocation',
    'notifications',
    'clipboard-read',
    'openExternal',
    'fullscreen',
    'hid',
    'serial',
    'unknown',
  ])('deny the %s permission request', (permission) => {
    const answers: boolean[] = [];
    denyPermissionRequest({}, permission, (granted) => answers.push(granted));
    expect(answers).toEqual([false]);
  });

  it('deny permission checks', () => {
    expect(denyPermissionCheck()).toBe(false);
  });
});
