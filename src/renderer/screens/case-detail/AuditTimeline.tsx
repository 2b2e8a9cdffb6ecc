// The audit timeline of a case: who did what and when, newest first, with each changed field as
// before → after in the UI language. It reads the audit; it never writes or "corrects" it.
import { Paper, Text, Timeline, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language, Role } from '../../../shared/enums';
import type { AuditEntryView } from '../../../shared/schemas/views';
import { useReference } from '../../app/reference';
import { Ltr } from '../../components/Ltr';
import { useEnumLabel } from '../../components/use-enum-label';
import { formatGregorian, formatTimestamp } from '../../format/dates';
import { localName } from '../../i18n/names';
import { KNOWN_COMMANDS, KNOWN_ENTITIES, diffFields, valueKind } from './audit-format';

function useValueText() {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const label = useEnumLabel();
  const { chamber, caseType } = useReference();
  return (entity: string, field: string, value: unknown): ReactNode => {
    if (value === null || value === undefined || value === '') return '—';
    const kind = valueKind(entity, field);
    const s = typeof value === 'string' ? value : JSON.stringify(value);
    if (typeof kind === 'object') return label(kind.enum, s);
    switch (kind) {
      case 'date':
        return <Ltr>{formatGregorian(s)}</Ltr>;
      case 'instant':
        return <Ltr>{formatTimestamp(s)}</Ltr>;
      case 'ltr':
        return <Ltr>{s}</Ltr>;
      case 'chamber': {
        const c = chamber(s);
        return c ? localName(c, language) : '—';
      }
      case 'caseType': {
        const c = caseType(s);
        return c ? localName(c, language) : '—';
      }
      case 'roles': {
        let roles: unknown = value;
        if (typeof value === 'string') {
          try {
            roles = JSON.parse(value);
          } catch {
            roles = [];
          }
        }
        return Array.isArray(roles) ? roles.map((r) => label('role', String(r as Role))).join('، ') : '—';
      }
      case 'flag':
        return t(value === 1 || value === true ? 'ui.common.yes' : 'ui.common.no');
      default:
        return s;
    }
  };
}

export function AuditTimeline({ entries }: { entries: AuditEntryView[] }) {
  const { t } = useTranslation();
  const valueText = useValueText();
  const sorted = [...entries].sort((a, b) => b.seq - a.seq);
  const commandLabel = (c: string) => (KNOWN_COMMANDS.includes(c) ? t(`ui.audit.command.${c}`) : t('ui.audit.command.other'));
  const entityLabel = (e: string) => ((KNOWN_ENTITIES as readonly string[]).includes(e) ? t(`ui.audit.entity.${e}`) : t('ui.audit.entity.other'));
  const fieldLabel = (f: string) => t(`ui.audit.field.${f}`);

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
              <Ltr>{formatTimestamp(entry.wallTime)}</Ltr> · {entry.userDisplayName ?? t('ui.audit.system')}
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
                        <span className="audit-field-name">{fieldLabel(d.field)}:</span>{' '}
                        {d.before !== undefined && (
                          <>
                            <span className="audit-before">{valueText(change.entity, d.field, d.before)}</span> <span aria-hidden="true" className="audit-arrow" />
                            <span className="visually-hidden">{t('ui.audit.becomes')}</span>{' '}
                          </>
                        )}
                        <span className="audit-after">{valueText(change.entity, d.field, d.after)}</span>
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
