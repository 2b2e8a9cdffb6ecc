// Search across the court's cases and the text of their documents (issue 9, item 5): a query box
// (typed in any script, with or without tashkeel or accents: main normalizes), filters (document
// type from reference data, document dates, case number), and ranked results — a case by what
// matched in it, or a page of a document with its snippet as written on the page, the hits marked.
// A page result opens the viewer on that page with the query; a case result opens the case. The
// query and filters outlive the screen, so Back from the viewer finds the results again.
import { Badge, Group, NativeSelect, Paper, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/enums';
import type { SearchCasesQuery, SearchResult, Snippet } from '../../../shared/schemas/search';
import type { AppErrorData } from '../../../shared/errors';
import { useCall } from '../../api/use-api';
import { useNavigation } from '../../app/navigation';
import { useReference } from '../../app/reference';
import { resolvedDirection, textDirection } from '../../components/AutoDir';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Ltr } from '../../components/Ltr';
import { DateField } from '../../components/fields/DateField';
import { isCalendarDate } from '../../../shared/schemas/common';
import { useEnumLabel } from '../../components/use-enum-label';
import { localName } from '../../i18n/names';

const DEBOUNCE_MS = 250;
const LIMIT = 50;

type Row = SearchResult['rows'][number];

interface Form {
  text: string;
  documentTypeId: string;
  documentFrom: string;
  documentTo: string;
  caseNumber: string;
}

const EMPTY: Form = { text: '', documentTypeId: '', documentFrom: '', documentTo: '', caseNumber: '' };
// What the clerk asked last, kept while the app runs: coming back from a result shows it again.
let lastForm: Form = EMPTY;

/** A date typed out in full ("31/02/2026", 8 characters or more) that is not a day of the calendar. */
function badDate(value: string): boolean {
  return value.length >= 8 && !isCalendarDate(value);
}

function queryOf(f: Form): SearchCasesQuery {
  return {
    text: f.text.trim(),
    limit: LIMIT,
    ...(f.documentTypeId ? { documentTypeId: f.documentTypeId } : {}),
    // A date still being typed filters nothing yet (its field says so once it is whole).
    ...(isCalendarDate(f.documentFrom) ? { documentFrom: f.documentFrom } : {}),
    ...(isCalendarDate(f.documentTo) ? { documentTo: f.documentTo } : {}),
    ...(f.caseNumber.trim() ? { caseNumber: f.caseNumber.trim() } : {}),
  };
}

/** The snippet as written, each hit in a <mark>; its own direction, isolated from the page's. */
function Marked({ snippet }: { snippet: Snippet }) {
  const parts: { text: string; hit: boolean }[] = [];
  let at = 0;
  for (const [s, e] of snippet.hits) {
    if (s > at) parts.push({ text: snippet.text.slice(at, s), hit: false });
    parts.push({ text: snippet.text.slice(s, e), hit: true });
    at = e;
  }
  if (at < snippet.text.length) parts.push({ text: snippet.text.slice(at), hit: false });
  return (
    <Text size="sm" component="p" dir={textDirection(snippet.text)} className="search-snippet" data-testid="search-snippet">
      {parts.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </Text>
  );
}

function ResultRow({ row, onOpen }: { row: Row; onOpen: () => void }) {
  const { t, i18n } = useTranslation();
  const label = useEnumLabel();
  const { data } = useReference();
  const type = row.page ? data?.documentTypes.find((d) => d.id === row.page!.documentTypeId) : undefined;
  return (
    <UnstyledButton onClick={onOpen} className="search-result" data-testid={row.page ? 'search-page-result' : 'search-case-result'} data-document-id={row.page?.documentId}>
      <Paper withBorder p="sm">
        <Group gap="xs" wrap="wrap" mb={4}>
          <Ltr>{row.number}</Ltr>
          <Badge variant="light" size="sm">
            {label('caseStatus', row.status)}
          </Badge>
          {row.page && (
            <>
              <Text size="sm" fw={600} dir={textDirection(row.page.title)}>
                {row.page.title}
              </Text>
              {type && (
                <Text size="sm" c="dimmed">
                  {localName(type, i18n.language as Language)}
                </Text>
              )}
              <Badge variant="outline" size="sm" data-testid="search-page-number">
                {t('ui.search.page', { page: row.page.pageNumber })}
              </Badge>
            </>
          )}
        </Group>
        {row.snippets.map((s, i) => (
          <Group key={i} gap={6} wrap="nowrap" align="baseline">
            {s.field !== 'pageText' && (
              <Text size="xs" c="dimmed" style={{ flexShrink: 0 }} data-testid="search-snippet-field">
                {t(s.bySound ? 'ui.search.field.similarName' : `ui.search.field.${s.field}`)}
              </Text>
            )}
            <Marked snippet={s} />
          </Group>
        ))}
      </Paper>
    </UnstyledButton>
  );
}

export function SearchScreen() {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const call = useCall();
  const { go } = useNavigation();
  const { data } = useReference();
  const [form, setForm] = useState<Form>(lastForm);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => inputRef.current?.focus(), []);

  useEffect(() => {
    lastForm = form;
    const query = queryOf(form);
    const mine = ++seq.current;
    if (query.text === '') {
      setRows(null);
      setError(null);
      return;
    }
    setLoading(true);
    const timer = window.setTimeout(() => {
      void call('cases.search', query).then((r) => {
        if (mine !== seq.current) return; // a newer keystroke already asked
        setLoading(false);
        setRows(r.ok ? r.value.rows : null);
        setError(r.ok ? null : r.error);
      });
    }, DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [form, call]);

  const set = (key: keyof Form, value: string) => setForm((f) => ({ ...f, [key]: value }));
  const all = { value: '', label: t('ui.search.allTypes') };

  const open = (row: Row) => {
    if (row.page) go({ name: 'document', caseId: row.caseId, documentId: row.page.documentId, page: row.page.pageNumber, query: form.text.trim() });
    else go({ name: 'case', caseId: row.caseId });
  };

  return (
    <Stack gap="md" data-testid="search-screen">
      <Title order={2}>{t('ui.search.title')}</Title>
      <TextInput
        ref={inputRef}
        type="search"
        label={t('ui.search.label')}
        placeholder={t('ui.search.placeholder')}
        value={form.text}
        // Mantine puts a TextInput's dir on the box around the <input>, where dir="auto" finds no
        // text (so reads ltr even in Arabic): the direction is resolved here and the input inherits.
        dir={form.text ? resolvedDirection(form.text) : undefined}
        maxLength={100}
        onChange={(e) => set('text', e.currentTarget.value)}
        data-testid="search-text"
      />
      {/* Aligned at the top: a date's weekday and Hijri line under its field must not lift it above its neighbours. */}
      <Group gap="sm" align="flex-start" wrap="wrap" data-testid="search-filters">
        <NativeSelect
          label={t('ui.search.documentType')}
          data={[all, ...(data?.documentTypes ?? []).map((d) => ({ value: d.id, label: localName(d, language) }))]}
          value={form.documentTypeId}
          onChange={(e) => set('documentTypeId', e.currentTarget.value)}
          data-testid="search-document-type"
          maw={260}
        />
        <DateField
          label={t('ui.search.documentFrom')}
          value={form.documentFrom}
          onChange={(v) => set('documentFrom', v)}
          error={badDate(form.documentFrom) ? t('errors.field.badDate') : undefined}
          data-testid="search-document-from"
          maw={200}
        />
        <DateField
          label={t('ui.search.documentTo')}
          value={form.documentTo}
          onChange={(v) => set('documentTo', v)}
          error={badDate(form.documentTo) ? t('errors.field.badDate') : undefined}
          data-testid="search-document-to"
          maw={200}
        />
        <TextInput
          label={t('ui.search.caseNumber')}
          placeholder="2026/1101/15"
          dir="ltr"
          value={form.caseNumber}
          onChange={(e) => set('caseNumber', e.currentTarget.value)}
          data-testid="search-case-number"
          maw={180}
        />
      </Group>
      <ErrorAlert error={error} data-testid="search-error" />
      {rows !== null && !loading && rows.length === 0 && (
        <Text c="dimmed" data-testid="search-empty">
          {t('ui.search.noResults')}
        </Text>
      )}
      {rows !== null && rows.length > 0 && (
        <Stack gap="xs" role="list" aria-label={t('ui.search.results')} data-testid="search-results">
          {rows.map((row) => (
            <div role="listitem" key={row.page ? `${row.page.documentId}:${row.page.pageNumber}` : row.caseId}>
              <ResultRow row={row} onOpen={() => open(row)} />
            </div>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
