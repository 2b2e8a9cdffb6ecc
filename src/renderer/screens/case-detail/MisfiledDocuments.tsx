// On a case's page: its documents with pages that seem to belong to another case (found after
// OCR), each a link to that page in the viewer and to the case it names. Only a warning: the
// clerk decides, nothing is moved. Shows nothing when no page points elsewhere.
import { Alert, Anchor, List, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/use-api';
import { useNavigation } from '../../app/navigation';
import { hrefOf, type Route } from '../../app/routes';
import { AutoDir } from '../../components/AutoDir';
import { Ltr } from '../../components/Ltr';
import { Placed, SLOT } from '../../components/Placed';

export function MisfiledDocuments({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const { go } = useNavigation();
  const misfiled = useApiQuery('documents.misfiledOfCase', { caseId }, caseId);
  const documents = misfiled.data?.documents ?? [];
  if (documents.length === 0) return null;
  const link = (route: Route, testId: string, children: ReactNode) => (
    <Anchor
      href={hrefOf(route)}
      onClick={(e) => {
        e.preventDefault();
        go(route);
      }}
      data-testid={testId}
    >
      {children}
    </Anchor>
  );
  return (
    <Alert color="orange" variant="light" title={t('ui.viewer.misfiledCaseTitle')} data-testid="case-misfiled-documents" component="section">
      <List size="sm" spacing={4}>
        {documents.flatMap((d) =>
          d.signs.map((s) => (
            <List.Item key={`${d.documentId}:${s.pageIndex}:${s.caseId}`} data-testid="case-misfiled-item">
              {link(
                { name: 'document', caseId, documentId: d.documentId, page: s.pageIndex + 1 },
                'case-misfiled-page',
                <Placed text={t('ui.viewer.misfiledDocumentPage', { title: SLOT, page: s.pageIndex + 1, number: '' }).trimEnd()}>
                  <AutoDir>{d.title}</AutoDir>
                </Placed>,
              )}{' '}
              {link({ name: 'case', caseId: s.caseId }, 'case-misfiled-case', <Ltr>{s.caseNumber}</Ltr>)}
            </List.Item>
          )),
        )}
      </List>
      <Text size="sm" mt="xs">
        {t('ui.viewer.misfiledNote')}
      </Text>
    </Alert>
  );
}
