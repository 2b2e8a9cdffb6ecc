// Text inputs of every form: the field's one limit (from src/shared/schemas/common.ts LIMITS) as the
// input's maxLength, so typing stops where the contract stops, and invisible control or direction
// characters dropped from what is typed or pasted (the contract refuses them; a clerk cannot see
// them to remove them).
import { TextInput, Textarea, type TextInputProps, type TextareaProps } from '@mantine/core';
import { withoutInvisibleCharacters } from '../../../shared/text-rules';

type Shared = { limit: number; onValue: (value: string) => void; 'data-testid'?: string; 'data-autofocus'?: boolean };

export function TextField({ limit, onValue, ...props }: Omit<TextInputProps, 'onChange' | 'maxLength'> & Shared) {
  return <TextInput autoComplete="off" {...props} maxLength={limit} onChange={(e) => onValue(withoutInvisibleCharacters(e.currentTarget.value))} />;
}

export function NoteField({ limit, onValue, ...props }: Omit<TextareaProps, 'onChange' | 'maxLength'> & Shared) {
  return <Textarea autosize minRows={2} maxRows={10} {...props} maxLength={limit} onChange={(e) => onValue(withoutInvisibleCharacters(e.currentTarget.value, true))} />;
}
