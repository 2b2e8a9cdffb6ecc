// Labels of the closed vocabularies in src/shared/enums.ts (ar).
export const enums = {};
