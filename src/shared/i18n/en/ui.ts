// User-interface strings (en). Keys must exist in ar, fr and en alike (test/unit/i18n-catalogues.test.ts).
export const ui = {
  app: { name: 'Mahkama' },
};
