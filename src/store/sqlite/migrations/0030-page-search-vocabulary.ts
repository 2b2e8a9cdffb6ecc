// The words page_search holds, readable in order (FTS5's fts5vocab, 'row': one row a word). A page
// search word is a beginning ("المدعي" finds المدعية): FTS5 answers a beginning longer than its
// prefix indexes (2 and 3 characters) by merging the whole page lists of every word that starts
// with it before the first row comes out — 7 ms for a word on most pages of 100,000, 21 ms for
// three. Read here, the few words a beginning stands for are matched as an OR instead, which FTS5
// walks newest first and stops at the rows it needs (page-hits.ts). It holds nothing of its own.
// Never edit a released migration.
import type { Migration } from './migration';

export const migration0030: Migration = {
  version: 30,
  name: 'page-search-vocabulary',
  sql: `
CREATE VIRTUAL TABLE page_search_vocab USING fts5vocab(page_search, 'row');
`,
};
