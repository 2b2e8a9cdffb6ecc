// Which of a record's names to show in the UI language: the shared definitions (main prints the
// same names), re-exported so the renderer's call sites keep one import path.
export { intlLocale, localName, type Named } from '../../shared/local-name';
