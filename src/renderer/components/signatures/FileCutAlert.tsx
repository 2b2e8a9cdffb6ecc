// A signed file that ends before a revision it holds is complete: said in words above its
// signatures (the judgment's panel, a document's panel), since the cut may have taken a signature
// with it and the list alone would read as "fewer signers" or "not signed".
import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function FileCutAlert({ testId }: { testId: string }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" variant="light" mb={6} data-testid={testId} title={t('ui.signing.fileCutTitle')}>
      {t('ui.signing.fileCut')}
    </Alert>
  );
}
