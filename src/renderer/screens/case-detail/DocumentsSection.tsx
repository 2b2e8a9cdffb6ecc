// The documents of a case: each with its first page, title, type, date and how far its text has
// been read (a bar per document, moved by the push channel's progress events, no polling), the
// reason of a failure in the clerk's words, stop and read again; files picked or dropped here, and
// the scans waiting in this workstation's scanner folder, are filed through ImportDocumentsModal.
import { Anchor, Badge, Button, FileButton, Group, Image, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import type { Language } from '../../../shared/enums';
import type { CaseDocumentView, DocumentJobView, ScannerFile } from '../../../shared/schemas/documents';
import { useApiContext } from '../../api/api-context';
import { receiveExport } from '../../api/document-exports';
import { sourceOfFile } from '../../api/document-files';
import { useApiQuery, useCall } from '../../api/use-api';
import { hrefOf } from '../../app/routes';
import { DateWithHijri } from '../../components/DateWithHijri';
import { ErrorAlert } from '../../components/ErrorAlert';
import { STATUS_OK_COLOR, STATUS_WARN_COLOR } from '../../components/status-colors';
import { localName } from '../../i18n/names';
import { ImportDocumentsModal, type PendingFile } from './ImportDocumentsModal';

/** Numbers the files picked in this window: a pending file's React key, never a clock reading. */
let pickCount = 0;

const ACCEPT = 'application/pdf,image/tiff,image/png,image/jpeg,.pdf,.tif,.tiff,.png,.jpg,.jpeg';

function Thumbnail({ documentId, title, ready }: { documentId: string; title: string; ready: boolean }) {
  const { t } = useTranslation();
  const q = useApiQuery('documents.thumbnail', { documentId }, `${documentId}:${ready}`);
  return q.data?.dataUrl ? (
    <Image src={q.data.dataUrl} alt={t('ui.documents.thumbnail', { title })} w={56} h={72} fit="contain" radius="xs" bd="1px solid var(--mantine-color-gray-4)" />
  ) : (
    <Paper w={56} h={72} withBorder aria-hidden />
  );
}

/**
 * The document as a searchable PDF (its scan, its text invisible over it): offered once its text
 * is read. Saved where the clerk chooses (desktop) or downloaded (browser); a refusal is shown in
 * the section's error, in the clerk's language.
 */
function ExportPdfButton({ documentId, title, onError }: { documentId: string; title: string; onError: (e: AppErrorData | null) => void }) {
  const { t } = useTranslation();
  const call = useCall();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<{ fileName: string; pages: number } | null>(null);
  const run = async () => {
    setBusy(true);
    setSaved(null);
    const r = await call('documents.exportSearchablePdf', { documentId });
    setBusy(false);
    onError(r.ok ? null : r.error);
    if (!r.ok) return;
    receiveExport(r.value);
    if (r.value.outcome === 'saved') setSaved({ fileName: r.value.fileName, pages: r.value.pages });
  };
  return (
    <Stack gap={2} mt={4} align="flex-start">
      <Button size="compact-xs" variant="default" loading={busy} onClick={() => void run()} aria-label={t('ui.documents.exportPdfOf', { title })} data-testid="document-export-pdf">
        {t('ui.documents.exportPdf')}
      </Button>
      {saved && (
        <Text size="xs" c={STATUS_OK_COLOR} dir="auto" style={{ overflowWrap: 'anywhere' }} data-testid="document-exported">
          {t('ui.documents.exported', { fileName: saved.fileName, pages: saved.pages })}
        </Text>
      )}
    </Stack>
  );
}

function JobCell({ job, onCancel, onRetry }: { job: DocumentJobView | null; onCancel: () => void; onRetry: () => void }) {
  const { t } = useTranslation();
  const state = job?.status ?? 'none';
  const value = job && job.pagesTotal > 0 ? Math.round((job.pagesDone / job.pagesTotal) * 100) : 0;
  const color = state === 'failed' ? 'red.9' : state === 'done' ? 'green.9' : state === 'cancelled' ? 'gray.8' : 'blue.9';
  return (
    <Stack gap={4} miw={160}>
      <Group gap="xs" wrap="nowrap" justify="space-between">
        <Badge variant="outline" color={state === 'done' ? 'teal.9' : color} data-testid="document-state" data-state={state}>
          {t(`ui.documents.state.${state}`)}
        </Badge>
        {job && (
          <Text size="xs" data-testid="document-pages">
            {t('ui.documents.progress', { done: job.pagesDone, total: job.pagesTotal })}
          </Text>
        )}
      </Group>
      <Progress.Root size="md" data-testid="document-progress" data-done={job?.pagesDone ?? 0} data-total={job?.pagesTotal ?? 0}>
        <Progress.Section value={value} color={color} aria-label={t('ui.documents.reading')} />
      </Progress.Root>
      {job?.status === 'failed' && job.errorCode && (
        <Text size="sm" c="red.9" data-testid="document-failure" data-reason={job.errorCode}>
          {t(`errors.documents.${job.errorCode}`, { page: (job.errorPage ?? 0) + 1, width: '', height: '', pages: '', max: '', mb: '' })}
        </Text>
      )}
      {job?.errorCode === 'diskFull' && state === 'running' && (
        <Text size="sm" c={STATUS_WARN_COLOR} data-testid="document-waiting-for-space">
          {t('errors.documents.diskFull')}
        </Text>
      )}
      {(state === 'queued' || state === 'running') && (
        <Button size="compact-xs" variant="default" onClick={onCancel} data-testid="document-cancel">
          {t('ui.documents.cancel')}
        </Button>
      )}
      {(state === 'failed' || state === 'cancelled') && (
        <Button size="compact-xs" variant="default" onClick={onRetry} data-testid="document-retry">
          {t('ui.documents.retry')}
        </Button>
      )}
    </Stack>
  );
}

export function DocumentsSection({ caseId, closed }: { caseId: string; closed: boolean }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const { events } = useApiContext();
  const call = useCall();
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  const list = useApiQuery('documents.listForCase', { caseId }, `${caseId}:${tick}`);
  const types = useApiQuery('documents.types', {}, 'types');
  const inboxQuery = useApiQuery('documents.scannerInbox', {}, 'inbox');
  const [docs, setDocs] = useState<CaseDocumentView[]>([]);
  const [inbox, setInbox] = useState<{ configured: boolean; files: ScannerFile[] } | null>(null);
  const [pending, setPending] = useState<PendingFile[] | null>(null);
  const [actionError, setActionError] = useState<AppErrorData | null>(null);
  const [dragging, setDragging] = useState(false);

  const docIds = useRef(new Set<string>());
  useEffect(() => {
    if (list.data) setDocs(list.data.documents);
  }, [list.data]);
  useEffect(() => {
    docIds.current = new Set(docs.map((d) => d.id));
  }, [docs]);
  useEffect(() => {
    if (inboxQuery.data) setInbox(inboxQuery.data);
  }, [inboxQuery.data]);

  useEffect(
    () =>
      events.subscribe((m) => {
        if (m.event === 'documents.progress') {
          const p = m.payload;
          setDocs((all) => all.map((d) => (d.id === p.documentId && d.job?.jobId === p.jobId ? { ...d, job: { ...d.job, status: 'running', pagesDone: p.pagesDone, pagesTotal: p.pagesTotal } } : d)));
        } else if (m.event === 'documents.job') {
          const j = m.payload;
          // A job of one of ours changed, or a new one was queued (maybe ours, filed from another screen).
          if (j.status === 'queued' || docIds.current.has(j.documentId)) reload();
        } else if (m.event === 'documents.scannerInbox') {
          setInbox(m.payload);
        }
      }),
    [events, reload],
  );

  const pick = (files: File[]) => {
    if (files.length === 0) return;
    setPending(
      files.map((file, i) => ({
        key: `${++pickCount}-${i}-${file.name}`,
        name: file.name,
        send: async (meta) => {
          const source = await sourceOfFile(file);
          if (!source.ok) return source;
          return call('documents.import', { source: source.value, meta });
        },
      })),
    );
  };
  const fileScan = (f: ScannerFile) =>
    setPending([{ key: `scan-${f.name}`, name: f.name, send: (meta) => call('documents.fileFromScanner', { name: f.name, meta }) }]);
  const act = async (run: () => Promise<{ ok: boolean; error?: AppErrorData }>) => {
    const r = await run();
    setActionError(r.ok ? null : (r.error ?? null));
    reload();
  };
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    if (!closed) pick([...e.dataTransfer.files]);
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="documents-title" data-testid="documents-section">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="documents-title">
          {t('ui.documents.title')}
        </Title>
        {!closed && (
          <FileButton onChange={pick} accept={ACCEPT} multiple>
            {(props) => (
              <Button variant="default" size="xs" {...props} data-testid="add-documents">
                {t('ui.documents.add')}
              </Button>
            )}
          </FileButton>
        )}
      </Group>
      {list.error && <ErrorAlert error={list.error} />}
      {actionError && <ErrorAlert error={actionError} data-testid="documents-action-error" />}
      {!closed && (
        <Paper
          withBorder
          p="sm"
          mb="sm"
          style={{ borderStyle: 'dashed', background: dragging ? 'var(--mantine-color-blue-0)' : undefined }}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="documents-drop"
        >
          <Text size="sm" ta="center">
            {t('ui.documents.dropHere')}
          </Text>
        </Paper>
      )}
      {docs.length === 0 ? (
        <Text size="sm" data-testid="no-documents">
          {t('ui.documents.none')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table className="data-table" data-testid="documents-table" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={72} />
                <Table.Th className="col-name">{t('ui.documents.fileTitle')}</Table.Th>
                <Table.Th className="col-label">{t('ui.documents.type')}</Table.Th>
                <Table.Th className="col-label">{t('ui.documents.date')}</Table.Th>
                <Table.Th>{t('ui.documents.reading')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {docs.map((d) => (
                <Table.Tr key={d.id} data-testid="document-row" data-document-id={d.id}>
                  <Table.Td>
                    <Thumbnail documentId={d.id} title={d.title} ready={d.job !== null} />
                  </Table.Td>
                  <Table.Td>
                    <Anchor href={hrefOf({ name: 'document', caseId, documentId: d.id, page: 1 })} dir="auto" data-testid="document-open" style={{ overflowWrap: 'anywhere' }}>
                      {d.title}
                    </Anchor>
                    <Text size="xs" c="dimmed" dir="auto" style={{ overflowWrap: 'anywhere' }}>
                      {d.fileName} · {t('ui.documents.pageCount', { n: d.pageCount })}
                    </Text>
                    {d.job?.status === 'done' && <ExportPdfButton documentId={d.id} title={d.title} onError={setActionError} />}
                  </Table.Td>
                  <Table.Td>{localName(d.documentType, language)}</Table.Td>
                  <Table.Td>{d.documentDate ? <DateWithHijri iso={d.documentDate} /> : '—'}</Table.Td>
                  <Table.Td>
                    <JobCell
                      job={d.job}
                      onCancel={() => void act(() => call('documents.cancelJob', { jobId: d.job!.jobId }))}
                      onRetry={() => void act(() => call('documents.retry', { documentId: d.id }))}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {inbox?.configured && !closed && (
        <Stack gap="xs" mt="md" data-testid="scanner-inbox">
          <Title order={4} size="h5">
            {t('ui.documents.scanner')}
          </Title>
          {inbox.files.length === 0 ? (
            <Text size="sm">{t('ui.documents.scannerEmpty')}</Text>
          ) : (
            inbox.files.map((f) => (
              <Group key={f.name} justify="space-between" data-testid="scanner-file" data-file-name={f.name}>
                <Text size="sm" dir="auto" style={{ overflowWrap: 'anywhere' }}>
                  {f.name}
                </Text>
                <Button size="compact-sm" variant="default" onClick={() => fileScan(f)} data-testid="scanner-file-here">
                  {t('ui.documents.fileHere')}
                </Button>
              </Group>
            ))
          )}
        </Stack>
      )}
      {pending && types.data && (
        <ImportDocumentsModal caseId={caseId} files={pending} types={types.data.types} language={language} onClose={() => setPending(null)} onFiled={reload} />
      )}
    </Paper>
  );
}
