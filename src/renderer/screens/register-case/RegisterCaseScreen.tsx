// Registering a case, built for a clerk who never leaves the keyboard: the first field has the
// cursor, Enter moves on and submits from the last field, Alt+N adds a party, errors sit next to
// their fields and the draft survives a refused submit.
import { Button, Fieldset, Group, NativeSelect, Paper, SimpleGrid, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/enums';
import { LIMITS, isCalendarDate } from '../../../shared/schemas/common';
import { commandSchemas } from '../../../shared/schemas/commands';
import { indexFieldErrors } from '../../api/field-errors';
import { useApiAction } from '../../api/use-api';
import { useFormCheck } from '../../api/use-form-check';
import { useNavigation } from '../../app/navigation';
import { useSession } from '../../app/session';
import { caseTypesOn, useReference } from '../../app/reference';
import { ErrorAlert } from '../../components/ErrorAlert';
import { DateField } from '../../components/fields/DateField';
import { TextField } from '../../components/fields/TextField';
import { focusFirstInvalid, onEntryKeyDown } from '../../components/keyboard-entry';
import { Ltr } from '../../components/Ltr';
import { PartyFields } from '../../components/PartyFields';
import { localName } from '../../i18n/names';
import { draftStore, emptyDraft, emptyParty, toRegisterArgs, type CaseDraft } from './draft';

const CLAIMED = ['chamberId', 'caseTypeId', 'filedOn', 'subject', 'parties'];

export function RegisterCaseScreen() {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const { data: reference } = useReference();
  const { go } = useNavigation();
  const register = useApiAction('cases.register');
  const formRef = useRef<HTMLFormElement>(null);
  const courtToday = useSession().status.courtToday;
  const [draft, setDraftState] = useState<CaseDraft>(() => draftStore.load() ?? emptyDraft(courtToday));
  const [focusParty, setFocusParty] = useState<number | null>(null);
  const args = useMemo(() => toRegisterArgs(draft), [draft]);
  const check = useFormCheck(commandSchemas.registerCase.args, args, register.error);
  const error = check.error;
  const errors = indexFieldErrors(error);

  const setDraft = (d: CaseDraft) => {
    setDraftState(d);
    draftStore.save(d);
  };

  // One chamber is the common case: preselect it once reference data has arrived (only then).
  const onlyChamberId = reference?.chambers.length === 1 ? reference.chambers[0]?.id : undefined;
  useEffect(() => {
    if (!onlyChamberId) return;
    setDraftState((d) => {
      if (d.chamberId !== '') return d;
      const next = { ...d, chamberId: onlyChamberId };
      draftStore.save(next);
      return next;
    });
  }, [onlyChamberId]);

  // After a refused submit the cursor goes to the first field that is wrong (not on every keystroke).
  const [submits, setSubmits] = useState(0);
  useEffect(() => {
    if (submits > 0) focusFirstInvalid(formRef.current);
  }, [submits]);

  const addParty = () => {
    setFocusParty(draft.parties.length);
    setDraft({ ...draft, parties: [...draft.parties, emptyParty(draft.parties.length)] });
  };
  const removeParty = (index: number) => setDraft({ ...draft, parties: draft.parties.filter((_, i) => i !== index) });

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.altKey && !e.ctrlKey && e.code === 'KeyN') {
      e.preventDefault();
      addParty();
      return;
    }
    onEntryKeyDown(e);
  };

  const submit = async () => {
    if (!check.check()) {
      setSubmits((n) => n + 1);
      return;
    }
    check.sent(args);
    const r = await register.run(args);
    if (r.ok) {
      draftStore.clear();
      go({ name: 'case', caseId: r.value.caseId }, { caseId: r.value.caseId, number: r.value.number, provisional: r.value.provisional });
    } else {
      setSubmits((n) => n + 1);
    }
  };

  const fieldError = (key: string) => {
    const issue = errors.at(key);
    return issue ? t(issue.i18nKey, issue.params ?? {}) : undefined;
  };
  const types = caseTypesOn(reference?.caseTypes ?? [], isCalendarDate(draft.filedOn) ? draft.filedOn : courtToday);

  return (
    <section aria-labelledby="register-title" data-testid="register-screen" className="form-screen">
      <Title order={2} size="h3" id="register-title" mb="sm">
        {t('ui.register.title')}
      </Title>
      <form
        ref={formRef}
        noValidate
        onKeyDown={onKeyDown}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        aria-describedby="register-hint"
        data-testid="register-form"
      >
        <ErrorAlert error={error} claimedPrefixes={CLAIMED} />
        <Paper withBorder p="md" mt="sm">
          <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
            <NativeSelect
              label={t('ui.case.chamber')}
              required
              data={[{ value: '', label: t('ui.common.choose') }, ...(reference?.chambers ?? []).map((c) => ({ value: c.id, label: localName(c, language) }))]}
              value={draft.chamberId}
              onChange={(e) => setDraft({ ...draft, chamberId: e.currentTarget.value })}
              error={fieldError('chamberId')}
              autoFocus
              data-testid="register-chamber"
            />
            <NativeSelect
              label={t('ui.case.caseType')}
              required
              data={[{ value: '', label: t('ui.common.choose') }, ...types.map((c) => ({ value: c.id, label: `${c.code} · ${localName(c, language)}` }))]}
              value={draft.caseTypeId}
              onChange={(e) => setDraft({ ...draft, caseTypeId: e.currentTarget.value })}
              error={fieldError('caseTypeId')}
              data-testid="register-case-type"
            />
            <DateField
              label={t('ui.case.filedOn')}
              required
              value={draft.filedOn}
              onChange={(filedOn) => setDraft({ ...draft, filedOn })}
              error={fieldError('filedOn')}
              data-testid="register-filed-on"
            />
            <TextField
              label={t('ui.case.subject')}
              required
              limit={LIMITS.subject}
              value={draft.subject}
              onValue={(subject) => setDraft({ ...draft, subject })}
              error={fieldError('subject')}
              data-testid="register-subject"
            />
          </SimpleGrid>
        </Paper>
        {draft.parties.map((party, i) => (
          <Fieldset key={party.key} legend={t('ui.register.partyLegend', { n: i + 1 })} mt="md" data-testid={`register-party-${i}`}>
            <PartyFields
              value={party}
              onChange={(p) => setDraft({ ...draft, parties: draft.parties.map((old, j) => (j === i ? { ...p, key: old.key } : old)) })}
              pathPrefix={`parties.${i}`}
              errors={errors}
              testIdPrefix={`party-${i}`}
              autoFocus={focusParty === i}
              footer={
                draft.parties.length > 1 && (
                  <Group justify="flex-end" mt="xs">
                    <Button variant="subtle" color="red" size="xs" onClick={() => removeParty(i)} data-testid={`party-${i}-remove`}>
                      {t('ui.register.removeParty', { n: i + 1 })}
                    </Button>
                  </Group>
                )
              }
            />
          </Fieldset>
        ))}
        {errors.at('parties') && (
          <Text c="red.9" size="sm" mt="xs" role="alert">
            {t(errors.at('parties')!.i18nKey, errors.at('parties')!.params ?? {})}
          </Text>
        )}
        <Group justify="space-between" mt="md">
          <Button variant="default" onClick={addParty} aria-keyshortcuts="Alt+N" data-testid="register-add-party">
            {t('ui.register.addParty')} (<Ltr>Alt+N</Ltr>)
          </Button>
          <Button type="submit" loading={register.pending} aria-keyshortcuts="Control+Enter" data-testid="register-submit">
            {t('ui.register.submit')}
          </Button>
        </Group>
        <Text size="xs" mt="xs" id="register-hint" className="hint">
          {t('ui.register.keyboardHint')}
        </Text>
      </form>
    </section>
  );
}
