// Labels of the closed vocabularies in src/shared/enums.ts (fr).
export const enums = {};
