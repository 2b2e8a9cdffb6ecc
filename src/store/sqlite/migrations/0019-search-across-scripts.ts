// Search across scripts (issue 9, items 5 and 6).
// 1. normalizeForSearch now folds ۓ like ے (marks go before the letter folds, so normalizing twice
//    changes nothing), turns ẞ into ss like ß, and drops the glyph pieces NFKC leaves among the
//    presentation forms (U+FE73). Stored search text is re-derived by the domain's own functions,
//    and only where it changed: the triggers re-index those rows alone, no FTS5 'rebuild' (after
//    one, later writes to the index were measured to cost more).
// 2. party_keys: the sound keys of each party's names (shared/name-keys.ts), one FTS5 term per
//    key, so quick find finds «محمد العلوي» from "Mohamed El Alaoui" and back. Contentless (the
//    keys are never read back, only matched), kept by triggers calling mahkama_party_name_keys,
//    which open-database.ts registers on every connection, so pulled parties are keyed like
//    registered ones. A desk-only index like party_search: the server has no quick find.
// Never edit a released migration.
import type { Migration } from './migration';

export const migration0019: Migration = {
  version: 19,
  name: 'search-across-scripts',
  sql: `
UPDATE parties SET search_text = fresh.text
FROM (SELECT rowid AS rid, mahkama_party_search_text(name_ar, name_latin, national_id) AS text FROM parties) AS fresh
WHERE parties.rowid = fresh.rid AND parties.search_text <> fresh.text;

UPDATE cases SET search_text = fresh.text
FROM (
  SELECT rowid AS rid, mahkama_case_search_text(
    subject,
    (SELECT json_group_array(cp.lawyer_name) FROM (
      SELECT lawyer_name FROM case_parties
      WHERE case_id = cases.id AND removed_at IS NULL AND lawyer_name IS NOT NULL ORDER BY id
    ) AS cp)
  ) AS text FROM cases
) AS fresh
WHERE cases.rowid = fresh.rid AND cases.search_text <> fresh.text;

CREATE VIRTUAL TABLE party_keys USING fts5(
  keys,
  content='',
  contentless_delete=1,
  tokenize='ascii',
  detail=none
);
INSERT INTO party_keys(rowid, keys) SELECT rowid, mahkama_party_name_keys(name_ar, name_latin) FROM parties;
CREATE TRIGGER parties_keys_ai AFTER INSERT ON parties BEGIN
  INSERT INTO party_keys(rowid, keys) VALUES (new.rowid, mahkama_party_name_keys(new.name_ar, new.name_latin));
END;
CREATE TRIGGER parties_keys_ad AFTER DELETE ON parties BEGIN
  DELETE FROM party_keys WHERE rowid = old.rowid;
END;
CREATE TRIGGER parties_keys_au AFTER UPDATE OF name_ar, name_latin ON parties BEGIN
  DELETE FROM party_keys WHERE rowid = old.rowid;
  INSERT INTO party_keys(rowid, keys) VALUES (new.rowid, mahkama_party_name_keys(new.name_ar, new.name_latin));
END;
`,
};
