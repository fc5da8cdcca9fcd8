import '../lib/zod-config';
import { mount } from 'svelte';
import '../lib/theme.css';
import '../lib/i18n';
import App from './App.svelte';

mount(App, { target: document.getElementById('app')! });
