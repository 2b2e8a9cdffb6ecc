// Printing from a screen: one state (which button is busy, the last refusal) for every print button
// of the screen. "PDF" saves the file; "Print" goes to paper through main where main can reach a
// printer (app.status.canPrintOnPaper: the desktop app's print dialog), else opens the PDF in a new
// tab for the browser's own print. The renderer never asks which transport it runs on.
import { useCallback, useState } from 'react';
import type { Language } from '../../../shared/enums';
import type { AppErrorData } from '../../../shared/errors';
import type { IpcInput } from '../../../shared/ipc/contract';
import { useCall } from '../../api/use-api';
import { useSession } from '../../app/session';
import { downloadPdf, pdfBlob, showPdfIn } from './pdf-file';

type WithoutLanguage<T> = T extends unknown ? Omit<T, 'language'> : never;
/** What to print, without the language (chosen on screen). */
export type PrintDocument = WithoutLanguage<IpcInput<'print.pdf'>>;
export type PrintMode = 'pdf' | 'paper';

export interface Printer {
  run(doc: PrintDocument, language: Language, mode: PrintMode, key: string): Promise<void>;
  /** Key of the button whose document is being made, if any. */
  pending: string | null;
  error: AppErrorData | null;
  clearError(): void;
}

export function usePrint(): Printer {
  const call = useCall();
  const { status } = useSession();
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);

  const run = useCallback(
    async (doc: PrintDocument, language: Language, mode: PrintMode, key: string) => {
      const request = { ...doc, language } as IpcInput<'print.pdf'>;
      setPending(key);
      setError(null);
      // Opened now, while the click still counts as the clerk's: a tab opened after the wait is blocked.
      const tab = mode === 'paper' && !status.canPrintOnPaper ? window.open('', '_blank') : null;
      try {
        if (mode === 'paper' && status.canPrintOnPaper) {
          const r = await call('print.paper', request);
          if (!r.ok) setError(r.error);
          return;
        }
        const r = await call('print.pdf', request);
        if (!r.ok) {
          tab?.close();
          setError(r.error);
          return;
        }
        const blob = pdfBlob(r.value.pdfBase64);
        if (tab) showPdfIn(tab, blob);
        else downloadPdf(blob, r.value.fileName);
      } finally {
        setPending(null);
      }
    },
    [call, status.canPrintOnPaper],
  );
  const clearError = useCallback(() => setError(null), []);
  return { run, pending, error, clearError };
}

/** The language documents are printed in: the desk's language until the clerk picks one. */
export function usePrintLanguage(): [Language, (language: Language) => void] {
  const { language } = useSession();
  const [chosen, setChosen] = useState<Language | null>(null);
  return [chosen ?? language, setChosen];
}
