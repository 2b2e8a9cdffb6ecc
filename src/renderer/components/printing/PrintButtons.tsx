// One printable document on a screen: its name, then "PDF" (save the file) and "Print" (paper, or
// the browser's viewer in the browser shell), in the language chosen beside them.
import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/enums';
import type { PrintDocument, Printer } from './use-print';

interface Props {
  doc: PrintDocument;
  language: Language;
  /** The document's name, already translated. */
  label: string;
  printer: Printer;
  /** `print-receipt` → `print-receipt-pdf`, `print-receipt-paper`. */
  testId: string;
  disabled?: boolean;
}

export function PrintButtons({ doc, language, label, printer, testId, disabled = false }: Props) {
  const { t } = useTranslation();
  const busy = printer.pending !== null;
  return (
    <Group gap={6} wrap="nowrap" data-testid={testId}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <Button.Group>
        <Button
          size="compact-sm"
          variant="default"
          loading={printer.pending === `${testId}-pdf`}
          disabled={disabled || (busy && printer.pending !== `${testId}-pdf`)}
          onClick={() => void printer.run(doc, language, 'pdf', `${testId}-pdf`)}
          aria-label={t('ui.print.pdfOf', { document: label })}
          data-testid={`${testId}-pdf`}
        >
          {t('ui.print.pdf')}
        </Button>
        <Button
          size="compact-sm"
          variant="default"
          loading={printer.pending === `${testId}-paper`}
          disabled={disabled || (busy && printer.pending !== `${testId}-paper`)}
          onClick={() => void printer.run(doc, language, 'paper', `${testId}-paper`)}
          aria-label={t('ui.print.printOf', { document: label })}
          data-testid={`${testId}-paper`}
        >
          {t('ui.print.print')}
        </Button>
      </Button.Group>
    </Group>
  );
}
