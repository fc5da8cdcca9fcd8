// The kiosk bundle holds no zod (see lib/kiosk-visibility.ts and lib/kiosk-constants.ts), so it needs no zod
// configuration: zod's CSP-probing JIT cannot run here. tests/unit/kiosk-visibility.test.ts keeps zod out.
import { mount } from 'svelte';
import '../lib/theme.css';
import '../lib/i18n';
import App from './App.svelte';

mount(App, { target: document.getElementById('app')! });
