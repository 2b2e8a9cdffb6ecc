// The one scale search ranks on (searchCases and its page hits): what a match is worth by where it
// was found. A party's name beats a lawyer's beats the subject beats a page's text; a name matched
// by its sound ranks below any matched by its letters; query words side by side, in order, on a
// page add a little (a phrase typed from a document), never enough to lift a page over the same
// words, whole, in a case's subject.
import type { Snippet } from '../../shared/schemas/search';

export const WEIGHT: Readonly<Record<Snippet['field'], number>> = { partyName: 3, lawyerName: 2, subject: 1.5, pageText: 1.2 };
export const SOUND_WEIGHT = 1;
export const PHRASE_BONUS = 0.4;
