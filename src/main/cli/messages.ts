// Catalogue messages for text outside the UI (CLI, the shell's console): the one plain-text
// formatter of src/shared/i18n/message.ts, shared with the server's console.
export { catalogueMessage } from '../../shared/i18n/message';
