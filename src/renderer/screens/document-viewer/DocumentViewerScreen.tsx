// The document viewer (issue 9, item 2): one page of a document as scanned (rendered by MuPDF in
// main, fetched out of band) beside the text read from it, the words of the route's query boxed on
// the image and marked in the text. Pages by buttons, PageUp/PageDown and a page field; zoom to fit
// the width or in steps. Pages OCR read with low confidence are flagged in the page list and on the
// page; a clerk, chief clerk or judge corrects a page's text in a dialog. A page that seems to
// belong to another case says which, with a link to it. A PDF's signatures are verified and shown
// above the page (DocumentSignaturePanel). "Read again with…" reads the page or the document again
// with another OCR language (ReadAgainModal); the reading's progress comes on the push channel and
// the page is shown again once it is read.
import { ActionIcon, Alert, Anchor, Badge, Button, Group, Loader, NumberInput, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../shared/enums';
import { hitsOf } from '../../../shared/highlight';
import { OCR_LANGUAGE_CHOICES, type OcrLanguageChoice } from '../../../shared/schemas/documents';
import { hitBoxes, queryTokens } from '../../../shared/word-box-hits';
import { useApiContext } from '../../api/api-context';
import { useApiQuery } from '../../api/use-api';
import { formatList } from '../../format/lists';
import { useNavigation } from '../../app/navigation';
import { LIGHT_VARIANT_TEXT } from '../../app/theme';
import { hrefOf, type Route } from '../../app/routes';
import { useSession } from '../../app/session';
import { AutoDir } from '../../components/AutoDir';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Ltr } from '../../components/Ltr';
import { Placed, SLOT } from '../../components/Placed';
import { CorrectPageModal } from './CorrectPageModal';
import { DocumentSignaturePanel } from './DocumentSignaturePanel';
import { SignDocumentDetached } from './SignDocumentDetached';
import { MisfiledAlert } from './MisfiledAlert';
import { PageImage } from './PageImage';
import { PageText } from './PageText';
import { ReadAgainModal } from './ReadAgainModal';

type DocumentRoute = Extract<Route, { name: 'document' }>;

const isOcrChoice = (model: string): model is OcrLanguageChoice => (OCR_LANGUAGE_CHOICES as readonly string[]).includes(model);

/** Who may correct a page's text (the role matrix in domain/rules/permissions.ts decides; this only shows the button). */
const CORRECTORS: readonly Role[] = ['clerk', 'chief_clerk', 'president', 'judge'];
const ZOOM_STEP = 0.25;
const ZOOM_MIN = 0.5;
const ZOOM_MAX = 3;

/** Keys typed into a field are the field's: PageUp in the page field or the dialog's text must not turn the page. */
function typingIn(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

export function DocumentViewerScreen({ route }: { route: DocumentRoute }) {
  const { t } = useTranslation();
  const { go } = useNavigation();
  const { status, language } = useSession();
  const roles = status.user?.roles ?? [];
  const [tick, setTick] = useState(0);
  // The file may still be on the server (a document pulled from another desk): fetched now, or why not.
  const file = useApiQuery('sync.documentFile', { documentId: route.documentId }, route.documentId);
  const view = useApiQuery('documents.viewPage', { documentId: route.documentId, pageIndex: route.page - 1 }, `${route.documentId}:${route.page}:${tick}`);
  const [zoom, setZoom] = useState(1);
  const [correcting, setCorrecting] = useState(false);
  const [readingAgain, setReadingAgain] = useState(false);
  /**
   * The reading again under way for this document, followed on the push channel: of the pages
   * asked for (`total`), how many are read. The job counts every page of the document read, so
   * the pages not asked for (`others`) are taken off its count.
   */
  const [reread, setReread] = useState<{ jobId: string; others: number; done: number; total: number } | null>(null);
  const { events } = useApiContext();
  useEffect(
    () =>
      events.subscribe((m) => {
        if (m.event === 'documents.progress' && m.payload.documentId === route.documentId) {
          const p = m.payload;
          setReread((r) => (r && r.jobId === p.jobId ? { ...r, done: Math.min(r.total, Math.max(0, p.pagesDone - r.others)) } : r));
          // The page on screen may be the one just read.
          if (p.pageIndex === route.page - 1) setTick((n) => n + 1);
        } else if (m.event === 'documents.job' && m.payload.documentId === route.documentId && m.payload.status !== 'queued') {
          const j = m.payload;
          setReread((r) => (r && r.jobId === j.jobId ? null : r));
          setTick((n) => n + 1);
        }
      }),
    [events, route.documentId, route.page],
  );
  // What the clerk typed in the page field, for the page it was typed on: the field shows the
  // route's page otherwise. (Reset by an effect after each page turn, it could overwrite a number
  // typed just after the turn, before the effect ran, and Enter went back to the old page.)
  const [pageEdit, setPageEdit] = useState<{ forPage: number; value: string | number } | null>(null);
  const pageField = pageEdit !== null && pageEdit.forPage === route.page ? pageEdit.value : route.page;

  const pageCount = view.data?.document.pageCount ?? null;
  const toPage = useCallback(
    (page: number) => {
      if (pageCount === null || page < 1 || page > pageCount || page === route.page) return;
      go({ ...route, page });
    },
    [go, route, pageCount],
  );

  useEffect(() => {
    if (correcting || readingAgain) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || typingIn(e.target)) return;
      if (e.key === 'PageDown') {
        e.preventDefault();
        toPage(route.page + 1);
      } else if (e.key === 'PageUp') {
        e.preventDefault();
        toPage(route.page - 1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toPage, route.page, correcting, readingAgain]);

  const tokens = useMemo(() => queryTokens(route.query), [route.query]);
  const data = view.data;
  const hits = useMemo(() => (data ? hitBoxes(data.page.words, tokens) : []), [data, tokens]);

  if (!data) return view.error ? <ErrorAlert error={view.error} /> : <Loader aria-label={t('ui.common.loading')} />;
  const { document: doc, page, pages, misfiled } = data;
  const pageSigns = misfiled.filter((s) => s.pageIndex === page.pageIndex);
  const otherMisfiledPages = [...new Set(misfiled.filter((s) => s.pageIndex !== page.pageIndex).map((s) => s.pageIndex + 1))];
  const misfiledPages = new Map(misfiled.map((s) => [s.pageIndex, s.caseNumber]));
  const textHits = hitsOf(page.text, tokens).length;
  const frame = page.width && page.height ? { width: page.width, height: page.height } : null;
  const direction = page.script === 'arabic' ? 'rtl' : page.script === 'latin' ? 'ltr' : 'auto';
  const mayCorrect = roles.some((r) => CORRECTORS.includes(r)) && page.ocrStatus !== 'pending';
  // The same roles may ask for a reading again (chooseOcrLanguage), once the desk holds the file.
  const mayReadAgain = roles.some((r) => CORRECTORS.includes(r)) && file.data?.state === 'here';

  return (
    <Stack gap="sm" data-testid="document-viewer" data-document-id={doc.id} data-page={route.page} aria-label={t('ui.viewer.label')} component="section">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <Stack gap={2} className="viewer-heading">
          <Anchor
            href={hrefOf({ name: 'case', caseId: doc.caseId })}
            size="sm"
            onClick={(e) => {
              e.preventDefault();
              go({ name: 'case', caseId: doc.caseId });
            }}
            data-testid="viewer-back-to-case"
          >
            <Placed text={t('ui.viewer.backToCase', { number: SLOT })}>
              <Ltr>{doc.caseNumber}</Ltr>
            </Placed>
          </Anchor>
          <Title order={2} size="h4" lineClamp={1} title={doc.title}>
            <AutoDir>{doc.title}</AutoDir>
          </Title>
        </Stack>
        <Group gap="xs" wrap="nowrap" className="viewer-toolbar">
          <Tooltip label="PageUp">
            <Button variant="default" size="xs" onClick={() => toPage(route.page - 1)} disabled={route.page <= 1} aria-keyshortcuts="PageUp" data-testid="viewer-previous">
              {t('ui.viewer.previousPage')}
            </Button>
          </Tooltip>
          <form
            className="viewer-page-form"
            onSubmit={(e) => {
              e.preventDefault();
              const n = Number(pageField);
              if (Number.isInteger(n)) toPage(Math.min(Math.max(1, n), doc.pageCount));
            }}
          >
            <NumberInput
              size="xs"
              w={72}
              min={1}
              max={doc.pageCount}
              allowDecimal={false}
              allowNegative={false}
              hideControls
              aria-label={t('ui.viewer.pageField')}
              value={pageField}
              onChange={(value) => setPageEdit({ forPage: route.page, value })}
              onBlur={() => setPageEdit(null)}
              data-testid="viewer-page-field"
            />
          </form>
          <Text size="sm" className="viewer-page-of" data-testid="viewer-page-count">
            {t('ui.viewer.pageOf', { count: doc.pageCount })}
          </Text>
          <Tooltip label="PageDown">
            <Button variant="default" size="xs" onClick={() => toPage(route.page + 1)} disabled={route.page >= doc.pageCount} aria-keyshortcuts="PageDown" data-testid="viewer-next">
              {t('ui.viewer.nextPage')}
            </Button>
          </Tooltip>
          {/* The level reads first, then the buttons that change it, in either direction. */}
          <Group gap={4} wrap="nowrap" ms="sm">
            <Text size="xs" c="dimmed" className="viewer-zoom-level" data-testid="viewer-zoom-level">
              {t('ui.viewer.zoomLevel', { percent: Math.round(zoom * 100) })}
            </Text>
            <ActionIcon variant="default" size="md" onClick={() => setZoom((z) => Math.max(ZOOM_MIN, z - ZOOM_STEP))} disabled={zoom <= ZOOM_MIN} aria-label={t('ui.viewer.zoomOut')} data-testid="viewer-zoom-out">
              −
            </ActionIcon>
            <Button variant={zoom === 1 ? 'light' : 'default'} size="xs" onClick={() => setZoom(1)} data-testid="viewer-fit-width">
              {t('ui.viewer.fitWidth')}
            </Button>
            <ActionIcon variant="default" size="md" onClick={() => setZoom((z) => Math.min(ZOOM_MAX, z + ZOOM_STEP))} disabled={zoom >= ZOOM_MAX} aria-label={t('ui.viewer.zoomIn')} data-testid="viewer-zoom-in">
              +
            </ActionIcon>
          </Group>
        </Group>
      </Group>
      {view.error && <ErrorAlert error={view.error} />}
      <MisfiledAlert signs={pageSigns} />
      {otherMisfiledPages.length > 0 && (
        <Text size="sm" c="orange.9" data-testid="viewer-misfiled-elsewhere">
          {t('ui.viewer.misfiledElsewhere', { pages: formatList(otherMisfiledPages.map(String), language) })}
        </Text>
      )}
      <DocumentSignaturePanel documentId={doc.id} fileReady={file.data?.state === 'here'} />
      <SignDocumentDetached documentId={doc.id} fileName={doc.fileName} fileReady={file.data?.state === 'here'} />
      <div className="viewer-body">
        <nav className="viewer-pages" aria-label={t('ui.viewer.pages')} data-testid="viewer-pages">
          {pages.map((p) => {
            const n = p.pageIndex + 1;
            const current = n === route.page;
            return (
              <a
                key={n}
                href={hrefOf({ ...route, page: n })}
                className="viewer-page-link"
                aria-current={current ? 'page' : undefined}
                aria-label={t('ui.viewer.pageButton', { page: n })}
                data-testid="viewer-page-link"
                data-page={n}
                data-low-confidence={p.lowConfidence || undefined}
                data-corrected={p.corrected || undefined}
                onClick={(e) => {
                  e.preventDefault();
                  toPage(n);
                }}
              >
                <span className="viewer-page-number">{n}</span>
                {p.lowConfidence && !p.corrected && (
                  <span className="viewer-flag viewer-flag-low" title={t('ui.viewer.lowConfidence', { confidence: p.confidence ?? 0 })}>
                    !
                  </span>
                )}
                {p.corrected && (
                  <span className="viewer-flag viewer-flag-corrected" title={t('ui.viewer.corrected')}>
                    ✓
                  </span>
                )}
                {misfiledPages.has(p.pageIndex) && (
                  <span className="viewer-flag viewer-flag-misfiled" title={t('ui.viewer.misfiledTitle', { number: misfiledPages.get(p.pageIndex) })}>
                    ⚑
                  </span>
                )}
              </a>
            );
          })}
        </nav>
        {/* Focusable: a keyboard user scrolls a zoomed page with the arrow keys. */}
        <div className="viewer-image-pane" role="region" tabIndex={0} aria-label={t('ui.viewer.pageImage', { page: route.page })} data-testid="viewer-image-pane">
          {file.data?.state === 'here' ? (
            <PageImage documentId={doc.id} page={route.page} zoom={zoom} words={page.words} hits={hits} frame={frame} />
          ) : file.data ? (
            <Alert color="orange" variant="light" data-testid="viewer-file-state" data-state={file.data.state}>
              {t(`ui.sync.documentFile.${file.data.state}`)}
            </Alert>
          ) : file.error ? (
            <ErrorAlert error={file.error} />
          ) : (
            <Loader aria-label={t('ui.common.loading')} />
          )}
        </div>
        <Paper withBorder className="viewer-text-pane" component="section" tabIndex={0} aria-label={t('ui.viewer.text')} data-testid="viewer-text-pane">
          <Stack gap="xs">
            <Group gap="xs" justify="space-between" wrap="wrap">
              <Group gap="xs" wrap="wrap">
                {page.lowConfidence && (
                  // The theme's orange ink: Mantine's orange.9 is 4.3:1 on white at a badge's 11 px (axe).
                  <Badge color={LIGHT_VARIANT_TEXT.orange} variant="outline" data-testid="viewer-low-confidence">
                    {t('ui.viewer.lowConfidence', { confidence: page.confidence ?? 0 })}
                  </Badge>
                )}
                {page.corrected && (
                  <Badge color="teal.9" variant="outline" data-testid="viewer-corrected">
                    {t('ui.viewer.corrected')}
                  </Badge>
                )}
              </Group>
              <Group gap="xs" wrap="wrap">
                {mayReadAgain && (
                  <Button size="xs" variant="default" onClick={() => setReadingAgain(true)} data-testid="viewer-read-again">
                    {t('ui.viewer.readAgain')}
                  </Button>
                )}
                {mayCorrect && (
                  <Button size="xs" variant="light" onClick={() => setCorrecting(true)} data-testid="viewer-correct">
                    {t('ui.viewer.correct')}
                  </Button>
                )}
              </Group>
            </Group>
            {page.model && (
              <Text size="xs" c="dimmed" data-testid="viewer-read-with">
                {/* A model the clerk could choose is named in her language; another (ara+eng) by its code. */}
                {isOcrChoice(page.model) ? (
                  t('ui.viewer.readWith', { model: t(`ui.documents.ocr.${page.model}`) })
                ) : (
                  <Placed text={t('ui.viewer.readWith', { model: SLOT })}>
                    <Ltr>{page.model}</Ltr>
                  </Placed>
                )}
              </Text>
            )}
            {reread && (
              <Text size="sm" data-testid="viewer-rereading" role="status">
                {t('ui.viewer.rereading', { done: reread.done, total: reread.total })}
              </Text>
            )}
            {page.rereadLanguage && (
              <Alert color="blue" variant="light" data-testid="viewer-reread-waiting">
                {t('ui.viewer.rereadWaiting', { language: t(`ui.documents.ocr.${page.rereadLanguage}`) })}
              </Alert>
            )}
            {route.query && tokens.length > 0 && page.ocrStatus === 'done' && (
              <Text size="sm" c="dimmed" data-testid="viewer-hit-count">
                <Placed text={textHits > 0 ? t('ui.viewer.hits', { count: textHits, query: SLOT }) : t('ui.viewer.noHits', { query: SLOT })}>
                  <AutoDir>{route.query}</AutoDir>
                </Placed>
              </Text>
            )}
            {page.ocrStatus === 'pending' && <Text size="sm">{t('ui.viewer.pending')}</Text>}
            {page.ocrStatus === 'failed' && !page.corrected && <Text size="sm">{t('ui.viewer.failed')}</Text>}
            {page.ocrStatus === 'done' && page.text.trim() === '' && <Text size="sm">{t('ui.viewer.empty')}</Text>}
            <PageText text={page.text} script={page.script} tokens={tokens} />
          </Stack>
        </Paper>
      </div>
      {readingAgain && (
        <ReadAgainModal
          documentId={doc.id}
          baseVersion={doc.version}
          pageIndex={page.pageIndex}
          pageCount={doc.pageCount}
          current={page.ocrLanguage ?? doc.ocrLanguage}
          onClose={() => setReadingAgain(false)}
          onDone={(result) => {
            setReadingAgain(false);
            setReread({ jobId: result.jobId, others: doc.pageCount - result.pages.length, done: 0, total: result.pages.length });
            setTick((n) => n + 1);
          }}
        />
      )}
      {correcting && (
        <CorrectPageModal
          documentId={doc.id}
          pageIndex={page.pageIndex}
          text={page.text}
          baseVersion={page.correctionVersion}
          direction={direction}
          onClose={() => setCorrecting(false)}
          onDone={() => {
            setCorrecting(false);
            setTick((n) => n + 1);
          }}
        />
      )}
    </Stack>
  );
}
