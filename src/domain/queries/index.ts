// The named reads of the domain (Signal-style: named for what they answer). Reads never write and
// never go through the outbox.
export { listCasesForRegistry, type RegistryQuery } from './list-cases-for-registry';
export { quickFind, ftsPrefixQuery, type QuickFindQuery } from './quick-find';
export { findMisfiledSigns, type MisfiledQuery } from './find-misfiled-signs';
export { searchCases } from './search-cases';
export { courtTimesOf, getCaseDetail } from './get-case-detail';
export { listHearingsOfDay } from './list-hearings-of-day';
export { getReferenceData } from './get-reference-data';
export { listUsers, getAppUser } from './users';
export { judgmentsBelowLevel, judgmentsWithArchiveTimestamp, newestJudgmentFile, type JudgmentToExtend, type NewestJudgmentFile } from './judgment-files';
