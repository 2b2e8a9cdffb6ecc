// Quick find in the header: a case number or a party name (Arabic or Latin, with or without
// diacritics — main normalizes), debounced; arrows choose, Enter opens. Ctrl+K or F3 jumps here.
import { Paper, Text, TextInput, Tooltip, UnstyledButton } from '@mantine/core';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { partiesSummaryText } from '../../shared/parties-summary';
import type { QuickFindResult } from '../../shared/schemas/views';
import { useCall } from '../api/use-api';
import { useNavigation } from '../app/navigation';
import { ariaKeyShortcuts, matchesCombo, QUICK_FIND_SHORTCUTS } from '../app/shortcuts';
import { resolvedDirection, textDirection } from './AutoDir';
import { KeyCombo } from './KeyCombo';
import { Ltr } from './Ltr';
import { useEnumLabel } from './use-enum-label';

const DEBOUNCE_MS = 150;
const LIMIT = 20;

type Row = QuickFindResult['rows'][number];

/** The name or subject that matched, else the case's parties: cut at its own end, whole on hover. */
function shownName(row: Row): string {
  return row.matchedText ?? partiesSummaryText(row.partiesSummary);
}

export function QuickFind() {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const call = useCall();
  const { go } = useNavigation();
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [rows, setRows] = useState<Row[] | null>(null);
  /** The text `rows` answer; while it differs from what is typed, the answer is not in yet. */
  const [rowsFor, setRowsFor] = useState('');
  /** Enter pressed before the answer came: open the first case as soon as it does. */
  const openOnArrival = useRef(false);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const seq = useRef(0);

  const closeTimer = useRef<number | undefined>(undefined);
  const keepOpen = () => {
    window.clearTimeout(closeTimer.current);
    setOpen(true);
  };
  useEffect(() => () => window.clearTimeout(closeTimer.current), []);

  const openCase = (row: Row) => {
    setOpen(false);
    setText('');
    setRows(null);
    go({ name: 'case', caseId: row.id });
  };

  useEffect(() => {
    const query = text.trim();
    const mine = ++seq.current;
    if (query === '') {
      setRows(null);
      setRowsFor('');
      return;
    }
    const timer = window.setTimeout(() => {
      void call('cases.quickFind', { text: query, limit: LIMIT }).then((r) => {
        if (mine !== seq.current) return; // a newer keystroke already asked
        const found = r.ok ? r.value.rows : [];
        setRows(found);
        setRowsFor(query);
        setActive(0);
        if (openOnArrival.current) {
          openOnArrival.current = false;
          if (found[0]) openCase(found[0]);
        }
      });
    }, DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text, call]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (QUICK_FIND_SHORTCUTS.some((combo) => matchesCombo(e, combo))) {
        e.preventDefault();
        inputRef.current?.focus();
        inputRef.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const expanded = open && rows !== null;
  const optionId = (i: number) => `${listId}-opt-${i}`;

  return (
    <div className="quickfind">
      {/* On hover only: focus opens the results, which the hint would cover. */}
      <Tooltip label={<KeyCombo combos={QUICK_FIND_SHORTCUTS} plain />} disabled={expanded} position="bottom">
        <TextInput
          ref={inputRef}
          type="search"
          aria-label={t('ui.quickFind.label')}
          placeholder={t('ui.quickFind.placeholder')}
          value={text}
          // Read in the typed text's direction (the box around the input carries it; see SearchScreen).
          dir={text ? resolvedDirection(text) : undefined}
          onChange={(e) => {
            openOnArrival.current = false;
            setText(e.currentTarget.value);
            keepOpen();
          }}
          onFocus={keepOpen}
          // Late enough for a click on a result to land; cancelled if focus comes back first (a
          // click elsewhere then Ctrl+K at once must not close what the clerk is typing into).
          onBlur={() => {
            window.clearTimeout(closeTimer.current);
            closeTimer.current = window.setTimeout(() => setOpen(false), 150);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && text.trim() !== '' && rowsFor !== text.trim()) {
              e.preventDefault();
              openOnArrival.current = true;
              return;
            }
            if (!rows || rows.length === 0) {
              if (e.key === 'Escape') setText('');
              return;
            }
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setOpen(true);
              setActive((a) => Math.min(a + 1, rows.length - 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((a) => Math.max(a - 1, 0));
            } else if (e.key === 'Enter') {
              e.preventDefault();
              const row = rows[active];
              if (row) openCase(row);
            } else if (e.key === 'Escape') {
              setOpen(false);
            }
          }}
          role="combobox"
          aria-expanded={expanded}
          aria-controls={expanded ? listId : undefined}
          aria-autocomplete="list"
          aria-activedescendant={expanded && rows.length > 0 ? optionId(active) : undefined}
          aria-keyshortcuts={ariaKeyShortcuts(QUICK_FIND_SHORTCUTS)}
          autoComplete="off"
          spellCheck={false}
          data-testid="quickfind-input"
        />
      </Tooltip>
      {expanded && (
      <Paper shadow="md" withBorder className="quickfind-results" data-testid="quickfind-results">
        <div role="listbox" id={listId} aria-label={t('ui.quickFind.results')}>
          {rows?.map((row, i) => (
            <UnstyledButton
              key={row.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              tabIndex={-1}
              className="quickfind-option"
              data-active={i === active || undefined}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => openCase(row)}
              data-testid="quickfind-result"
              data-case-number={row.number}
            >
              <Text fw={700} size="sm" component="span">
                <Ltr>{row.number}</Ltr>
              </Text>
              <Text size="sm" component="span" className="quickfind-parties" dir={textDirection(shownName(row))} title={shownName(row)}>
                {row.matchedBy === 'lawyer' || row.matchedBy === 'subject' || row.matchedBy === 'similarName' ? <span className="quickfind-matched-by">{t(`ui.quickFind.matchedBy.${row.matchedBy}`)} </span> : null}
                {shownName(row)}
              </Text>
              <Text size="xs" component="span" className="quickfind-status">
                {label('caseStatus', row.status)}
              </Text>
            </UnstyledButton>
          ))}
        </div>
        {rows?.length === 0 && (
          <Text size="sm" p="sm" role="status" data-testid="quickfind-empty">
            {t('ui.quickFind.noResults')}
          </Text>
        )}
      </Paper>
      )}
    </div>
  );
}
