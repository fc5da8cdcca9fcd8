/** The web shell serves pages under the same Content-Security-Policy as the Electron app: one policy, one place. */
import { contentSecurityPolicy } from '../electron/security';

export const RENDERER_CSP = contentSecurityPolicy();
