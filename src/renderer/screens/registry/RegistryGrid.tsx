// The registry as one virtualized grid: only the rows on screen exist in the DOM, pages load as
// they come into view. One tab stop; arrows, Page Up/Down, Home/End move, Enter opens the case.
// Rows are one line high: a text too long for its column is cut at its own end, in its own
// direction, with the whole text on hover.
import { useVirtualizer } from '@tanstack/react-virtual';
import { Fragment, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/enums';
import type { RegistryRow } from '../../../shared/schemas/views';
import { useReference } from '../../app/reference';
import { AutoDir, resolvedDirection, textDirection } from '../../components/AutoDir';
import { PARTIES_SUMMARY_SEPARATOR, partiesSummaryText } from '../../../shared/parties-summary';
import { Ltr } from '../../components/Ltr';
import { useEnumLabel } from '../../components/use-enum-label';
import { formatGregorian } from '../../format/dates';
import { localName } from '../../i18n/names';
import type { RegistryPages } from './use-registry-pages';

const ROW_HEIGHT = 40;
const HEADER_HEIGHT = 40;

const COLUMNS = ['number', 'parties', 'subject', 'caseType', 'status', 'filedOn', 'nextHearing'] as const;

/** A cell of words: the cell itself truncates, so it takes the text's direction and its title. */
function TextCell({ column, text }: { column: (typeof COLUMNS)[number]; text: string }) {
  return (
    <div role="gridcell" className="registry-cell truncate-own" data-column={column} dir={textDirection(text)} title={text}>
      {text}
    </div>
  );
}

/**
 * The parties summary, each name its own isolated run in its own direction, laid out in the first
 * name's direction: the first name is shown whole and a later one is cut at its own end
 * ("محمد بنّاني / Société Atlas Ass…"), never at the beginning of a Latin name after an Arabic one.
 * Aligned with its column in the UI's direction whatever the names' direction.
 */
function PartiesCell({ names, uiDirection }: { names: readonly string[]; uiDirection: 'ltr' | 'rtl' }) {
  const summary = partiesSummaryText(names);
  const dir = resolvedDirection(summary);
  return (
    <div role="gridcell" className="registry-cell truncate-own registry-names" data-column="parties" dir={dir} data-against-ui={dir !== uiDirection || undefined} title={summary}>
      {names.map((name, i) => (
        <Fragment key={i}>
          {i > 0 && <span className="registry-names-separator">{PARTIES_SUMMARY_SEPARATOR}</span>}
          <AutoDir className="registry-name">{name}</AutoDir>
        </Fragment>
      ))}
    </div>
  );
}

export function RegistryGrid({ pages, onOpen }: { pages: RegistryPages; onOpen: (row: RegistryRow) => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const label = useEnumLabel();
  const { caseType } = useReference();
  const scrollRef = useRef<HTMLDivElement>(null);
  const idBase = useId();
  const [active, setActive] = useState(0);
  const count = pages.total ?? 0;

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (count > 0) pages.ensureRange(first, last);
  }, [first, last, count, pages]);

  useEffect(() => {
    setActive(0);
  }, [pages.total]);

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(count - 1, index));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (count === 0) return;
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 2);
    const moves: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + pageRows,
      PageUp: active - pageRows,
      Home: 0,
      End: count - 1,
    };
    const target = moves[e.key];
    if (target !== undefined) {
      e.preventDefault();
      moveTo(target);
    } else if (e.key === 'Enter') {
      const row = pages.rowAt(active);
      if (row) {
        e.preventDefault();
        onOpen(row);
      }
    }
  };

  const rowId = (index: number) => `${idBase}-row-${index}`;
  const activeLoaded = count > 0 && items.some((i) => i.index === active);

  return (
    <div
      ref={scrollRef}
      role="grid"
      aria-label={t('ui.registry.gridLabel')}
      aria-rowcount={count + 1}
      aria-colcount={COLUMNS.length}
      aria-activedescendant={activeLoaded ? rowId(active) : undefined}
      tabIndex={0}
      className="registry-grid"
      onKeyDown={onKeyDown}
      data-testid="registry-grid"
      data-total={pages.total ?? ''}
    >
      <div role="rowgroup" className="registry-head">
        <div role="row" aria-rowindex={1} className="registry-row">
          {COLUMNS.map((c) => (
            <div role="columnheader" key={c} className="registry-cell" title={t(`ui.registry.column.${c}`)}>
              {t(`ui.registry.column.${c}`)}
            </div>
          ))}
        </div>
      </div>
      <div role="rowgroup" className="registry-body" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = pages.rowAt(item.index);
          const type = row ? caseType(row.caseTypeId) : undefined;
          return (
            <div
              key={item.key}
              id={rowId(item.index)}
              role="row"
              aria-rowindex={item.index + 2}
              aria-selected={item.index === active}
              className="registry-row registry-data-row"
              data-active={item.index === active || undefined}
              style={{ height: ROW_HEIGHT, transform: `translateY(${item.start - HEADER_HEIGHT}px)` }}
              onClick={() => {
                setActive(item.index);
                if (row) onOpen(row);
              }}
              data-testid={row ? 'registry-row' : 'registry-row-loading'}
              data-case-number={row?.number}
            >
              {row ? (
                <>
                  <div role="gridcell" className="registry-cell registry-number" data-column="number">
                    <Ltr>{row.number}</Ltr>
                  </div>
                  <PartiesCell names={row.partiesSummary} uiDirection={i18n.dir()} />
                  <TextCell column="subject" text={row.subject} />
                  <TextCell column="caseType" text={type ? localName(type, language) : row.typeCode} />
                  <TextCell column="status" text={label('caseStatus', row.status)} />
                  <div role="gridcell" className="registry-cell" data-column="filedOn">
                    <Ltr>{formatGregorian(row.filedOn)}</Ltr>
                  </div>
                  <div role="gridcell" className="registry-cell" data-column="nextHearing">
                    {row.nextHearingDate ? <Ltr>{formatGregorian(row.nextHearingDate)}</Ltr> : '—'}
                  </div>
                </>
              ) : (
                <div role="gridcell" className="registry-cell registry-loading" aria-colspan={COLUMNS.length}>
                  {t('ui.common.loading')}
                </div>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
