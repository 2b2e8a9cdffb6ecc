// Which better-sqlite3 binary a connection loads. Under `npm start` with Electron, better-sqlite3
// compiled for Electron's ABI lives apart from the Node build (scripts/electron-native.mjs) and its
// path arrives in MAHKAMA_SQLITE_BINDING. Plain Node (tests, CLI, browser shell) and packaged apps
// use the module's own build. It never loads anything itself.

/** better-sqlite3's `nativeBinding` option for this process (and the worker threads it starts). */
export function electronNativeBinding(): { nativeBinding?: string } {
  const binding = process.env.MAHKAMA_SQLITE_BINDING;
  return process.versions.electron && binding ? { nativeBinding: binding } : {};
}
