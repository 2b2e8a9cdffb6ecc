// Renderer entry: bundled fonts and styles (no system font, nothing remote), then the root with
// the one API transport. Nothing here knows about Node or Electron.
import '@fontsource/noto-naskh-arabic/arabic-400.css';
import '@fontsource/noto-naskh-arabic/arabic-500.css';
import '@fontsource/noto-naskh-arabic/arabic-700.css';
import '@fontsource/noto-sans/latin-400.css';
import '@fontsource/noto-sans/latin-500.css';
import '@fontsource/noto-sans/latin-700.css';
import '@fontsource/noto-sans/latin-ext-400.css';
import '@fontsource/noto-sans/latin-ext-700.css';
import '@mantine/core/styles.css';
import './app/global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { resolveEvents } from './api/events-client';
import { resolveApi } from './api/resolve-api';
import { Root } from './app/Root';

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <Root api={resolveApi()} events={resolveEvents()} />
    </StrictMode>,
  );
}
