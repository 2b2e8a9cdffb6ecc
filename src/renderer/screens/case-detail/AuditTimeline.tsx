// The audit timeline of a case: who did what and when, newest first, with each changed field as
// before → after in the UI language. Every value is bidi-isolated in its own direction, and times
// are main's court wall-clock readings, only reformatted. It reads the audit; it never writes it.
import { Paper, Text, Timeline, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Language, Role } from '../../../shared/enums';
import type { AuditChangeView, AuditEntryView } from '../../../shared/schemas/views';
import { useReference } from '../../app/reference';
import { AutoDir } from '../../components/AutoDir';
import { Ltr } from '../../components/Ltr';
import { useEnumLabel } from '../../components/use-enum-label';
import { formatCourtTime, formatGregorian } from '../../format/dates';
import { formatList } from '../../format/lists';
import { localName } from '../../i18n/names';
import { KNOWN_COMMANDS, KNOWN_ENTITIES, diffFields, valueKind } from './audit-format';

/** A value as words, and whether it is a code, date or time that always reads left to right. */
interface ValueText {
  text: string;
  ltr: boolean;
}

function useValueText() {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const label = useEnumLabel();
  const { chamber, caseType } = useReference();
  const words = (text: string): ValueText => ({ text, ltr: false });
  const code = (text: string): ValueText => ({ text, ltr: true });
  /** `courtTime`: main's court wall-clock reading of this value when it is an instant. */
  return (entity: string, field: string, value: unknown, courtTime: string | undefined): ValueText => {
    if (value === null || value === undefined || value === '') return words('—');
    const kind = valueKind(entity, field);
    const s = typeof value === 'string' ? value : JSON.stringify(value);
    if (typeof kind === 'object') return words(label(kind.enum, s));
    switch (kind) {
      case 'date':
        return code(formatGregorian(s));
      case 'instant':
        return code(courtTime === undefined ? s : formatCourtTime(courtTime));
      case 'ltr':
        return code(s);
      case 'chamber': {
        const c = chamber(s);
        return words(c ? localName(c, language) : '—');
      }
      case 'caseType': {
        const c = caseType(s);
        return words(c ? localName(c, language) : '—');
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
        return words(Array.isArray(roles) ? formatList(roles.map((r) => label('role', String(r as Role))), language) : '—');
      }
      case 'flag':
        return words(t(value === 1 || value === true ? 'ui.common.yes' : 'ui.common.no'));
      default:
        return words(s);
    }
  };
}

function Value({ value, className }: { value: ValueText; className: string }) {
  return <span className={className}>{value.ltr ? <Ltr>{value.text}</Ltr> : <AutoDir>{value.text}</AutoDir>}</span>;
}

function courtTimeOf(change: AuditChangeView, side: 'before' | 'after', field: string): string | undefined {
  return change.courtTimes[side][field];
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
                            <Value className="audit-before" value={valueText(change.entity, d.field, d.before, courtTimeOf(change, 'before', d.field))} />{' '}
                            <span aria-hidden="true" className="audit-arrow" />
                            <span className="visually-hidden">{t('ui.audit.becomes')}</span>{' '}
                          </>
                        )}
                        <Value className="audit-after" value={valueText(change.entity, d.field, d.after, courtTimeOf(change, 'after', d.field))} />
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
