// The kiosk bundle holds no zod (the vocabulary and visibility rules it uses are zod-free), so it needs no zod
// configuration: zod's CSP-probing JIT cannot run here. tests/renderer/kiosk-zod-free.test.ts keeps zod out.
import { mount } from 'svelte';
import '../lib/theme.css';
import '../lib/i18n';
import App from './App.svelte';
import { loadStartData } from './start-data';
import { deliverHeldIntakes } from '../lib/api';

// The questionnaire and settings are asked for before the app mounts, so the request runs while the page builds.
mount(App, { target: document.getElementById('app')!, props: { firstLoad: loadStartData() } });
// Intakes a previous page kept because the hub was out of reach (a reload, a tablet reboot) go now.
deliverHeldIntakes();
