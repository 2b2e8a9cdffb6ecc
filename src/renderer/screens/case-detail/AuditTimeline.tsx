// The audit timeline of a case: who did what and when, newest first, with each changed field as
// before → after in the UI language. Every value is bidi-isolated in its own direction, and times
// are main's court wall-clock readings, only reformatted. It reads the audit; it never writes it.
import { Paper, Text, Timeline, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AuditChangeView, AuditEntryView } from '../../../shared/schemas/views';
import { AutoDir } from '../../components/AutoDir';
import { Ltr } from '../../components/Ltr';
import { formatCourtTime } from '../../format/dates';
import { KNOWN_COMMANDS, KNOWN_ENTITIES, diffFields, fieldLabelKey } from '../../components/record-fields';
import { RecordValue, useRecordValueText } from '../../components/record-values';

function courtTimeOf(change: AuditChangeView, side: 'before' | 'after', field: string): string | undefined {
  return change.courtTimes[side][field];
}

export function AuditTimeline({ entries }: { entries: AuditEntryView[] }) {
  const { t } = useTranslation();
  const valueText = useRecordValueText();
  const sorted = [...entries].sort((a, b) => b.seq - a.seq);
  const commandLabel = (c: string) => (KNOWN_COMMANDS.includes(c) ? t(`ui.audit.command.${c}`) : t('ui.audit.command.other'));
  const entityLabel = (e: string) => ((KNOWN_ENTITIES as readonly string[]).includes(e) ? t(`ui.audit.entity.${e}`) : t('ui.audit.entity.other'));
  const fieldLabel = (f: string) => t(fieldLabelKey(f));

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="audit-title">
      <Title order={3} size="h4" id="audit-title" mb="sm">
        {t('ui.audit.title')}
      </Title>
      <Timeline bulletSize={14} lineWidth={2} data-testid="audit-timeline">
        {sorted.map((entry) => (
          <Timeline.Item
            key={entry.seq}
            title={commandLabel(entry.command)}
            data-testid="audit-entry"
            data-command={entry.command}
          >
            <Text size="sm">
              <Ltr data-testid="audit-time">{formatCourtTime(entry.courtTime)}</Ltr> · <AutoDir>{entry.userDisplayName ?? t('ui.audit.system')}</AutoDir>
            </Text>
            {entry.changes.map((change, i) => {
              const diffs = diffFields(change.entity, change.before, change.after);
              if (diffs.length === 0) return null;
              return (
                <div key={i} className="audit-change" data-entity={change.entity}>
                  <Text size="sm" fw={600}>
                    {entityLabel(change.entity)}
                  </Text>
                  <ul className="audit-fields">
                    {diffs.map((d) => (
                      <li key={d.field} data-field={d.field}>
                        <span className="audit-field-name">{t('ui.audit.fieldLabel', { field: fieldLabel(d.field) })}</span>{' '}
                        {d.before !== undefined && (
                          <>
                            <RecordValue className="audit-before" value={valueText(change.entity, d.field, d.before, { courtTime: courtTimeOf(change, 'before', d.field) })} />{' '}
                            <span aria-hidden="true" className="audit-arrow" />
                            <span className="visually-hidden">{t('ui.audit.becomes')}</span>{' '}
                          </>
                        )}
                        <RecordValue className="audit-after" value={valueText(change.entity, d.field, d.after, { courtTime: courtTimeOf(change, 'after', d.field) })} />
                      </li>
                    ))}
                  </ul>
                </div>
              );
            })}
          </Timeline.Item>
        ))}
      </Timeline>
    </Paper>
  );
}
