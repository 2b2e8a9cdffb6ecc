// Types of what Vite handles for the renderer (CSS and font imports, import.meta.env).
/// <reference types="vite/client" />
