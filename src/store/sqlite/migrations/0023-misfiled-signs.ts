// Signs that a page of a document seems to belong to another case (issue 9, item 7): found after a
// document's OCR (and again when a page's text is corrected) by findMisfiledSigns, kept so the
// case's document list and the viewer can warn without reading every page again. Desk-only work
// like document_pages: derived from the page's text, never synced, rebuilt per page when it changes.
// The document itself is never moved. Never edit a released migration.
import type { Migration } from './migration';

export const migration0023: Migration = {
  version: 23,
  name: 'misfiled-signs',
  sql: `
CREATE TABLE misfiled_signs (
  document_id TEXT NOT NULL REFERENCES documents(id),
  page_index INTEGER NOT NULL CHECK (page_index >= 0),
  other_case_id TEXT NOT NULL REFERENCES cases(id),
  other_case_number TEXT NOT NULL,
  reasons TEXT NOT NULL,
  found_at TEXT NOT NULL,
  PRIMARY KEY (document_id, page_index, other_case_id)
) STRICT;
`,
};
