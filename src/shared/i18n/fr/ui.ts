// User-interface strings (fr). Keys must exist in ar, fr and en alike (test/unit/i18n-catalogues.test.ts).
export const ui = {
  app: { name: 'Mahkama' },
};
