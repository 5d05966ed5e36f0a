import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { applyTheme } from './lib/theme';

applyTheme(localStorage.getItem('panelshot.theme') ?? 'system');

const target = document.getElementById('app');
if (!target) throw new Error('missing #app');
export default mount(App, { target });
