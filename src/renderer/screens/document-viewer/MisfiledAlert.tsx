// The misfiled warning of one page: the case it seems to belong to (a link to it) and why — its
// number written on the page, or a party of it named there. Only a warning: nothing is moved.
import { Alert, Anchor, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { MisfiledPageSign } from '../../../shared/schemas/document-viewer';
import { useNavigation } from '../../app/navigation';
import { hrefOf } from '../../app/routes';
import { AutoDir } from '../../components/AutoDir';
import { Ltr } from '../../components/Ltr';
import { Placed, SLOT } from '../../components/Placed';

export function MisfiledAlert({ signs }: { signs: readonly MisfiledPageSign[] }) {
  const { t } = useTranslation();
  const { go } = useNavigation();
  if (signs.length === 0) return null;
  return (
    <Alert color="orange" variant="light" role="alert" data-testid="viewer-misfiled">
      {signs.map((s) => (
        <div key={s.caseId} className="viewer-misfiled-sign" data-case-id={s.caseId}>
          <Text fw={600}>
            <Placed text={t('ui.viewer.misfiledTitle', { number: SLOT })}>
              <Ltr>{s.caseNumber}</Ltr>
            </Placed>
          </Text>
          <List size="sm">
            {s.reasons.map((r, i) => (
              <List.Item key={i}>
                {r.kind === 'caseNumber' ? (
                  <Placed text={t('ui.viewer.misfiledCaseNumber', { text: SLOT })}>
                    <Ltr>{r.text}</Ltr>
                  </Placed>
                ) : (
                  <Placed text={t('ui.viewer.misfiledParty', { name: SLOT })}>
                    <AutoDir>{r.text}</AutoDir>
                  </Placed>
                )}
              </List.Item>
            ))}
          </List>
          <Anchor
            href={hrefOf({ name: 'case', caseId: s.caseId })}
            onClick={(e) => {
              e.preventDefault();
              go({ name: 'case', caseId: s.caseId });
            }}
            data-testid="viewer-misfiled-open"
          >
            {t('ui.viewer.misfiledOpen', { number: s.caseNumber })}
          </Anchor>
        </div>
      ))}
      <Text size="sm" mt="xs">
        {t('ui.viewer.misfiledNote')}
      </Text>
    </Alert>
  );
}
