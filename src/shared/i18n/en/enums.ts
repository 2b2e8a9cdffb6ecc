// Labels of the closed vocabularies in src/shared/enums.ts (en).
export const enums = {};
