// Messages of the server's console (`npm run server`), for the person who runs it (en).
export const server = {
  listening: 'Mahkama server listening on {{url}}',
  cannotStart: 'The Mahkama server cannot start:',
  unknownCommand: 'Unknown command: {{command}}. `npm run server` takes no command yet.',
};
