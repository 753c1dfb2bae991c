import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initI18n, savedLanguage } from './i18n';
import { useAppStore } from './stores/app-store';
import './styles.css';

const language = savedLanguage('es');
useAppStore.getState().setLanguage(language);
document.documentElement.lang = language;
await initI18n(language);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
