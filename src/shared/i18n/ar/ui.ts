// User-interface strings (ar). Keys must exist in ar, fr and en alike (test/unit/i18n-catalogues.test.ts).
export const ui = {
  app: { name: 'محكمة' },
};
