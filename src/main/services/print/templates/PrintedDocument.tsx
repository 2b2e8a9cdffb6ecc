// The frame of every printed document: the page (language, direction, fonts, styles, a CSP that
// lets nothing load but the embedded fonts), the court's heading, who printed it and when (court
// time), and the title. The documents put their content inside.
import type { ReactNode } from 'react';
import { directionOf } from '../../../../shared/enums';
import type { WallClock } from '../../../../shared/court-time-zone';
import { localName } from '../../../../shared/local-name';
import type { CourtView } from '../../../../shared/schemas/views';
import type { PrintWords } from '../print-i18n';
import { printStylesheet } from '../print-styles';
import { Ltr, Sentence, Text, wallDate, wallTime } from './parts';

/** No script, no request: the page may only use its inline styles and data: fonts. */
const PRINT_CSP = "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:";

export interface DocumentFrame {
  words: PrintWords;
  court: CourtView;
  /** Court wall clock when the document was made. */
  printedAt: WallClock;
  printedBy: string;
  /** @font-face rules with the embedded fonts. */
  fontCss: string;
}

export function PrintedDocument({
  frame,
  title,
  runningTitle,
  children,
}: {
  frame: DocumentFrame;
  title: string;
  runningTitle: string;
  children: ReactNode;
}) {
  const { words, court } = frame;
  const direction = directionOf(words.language);
  const css = `${frame.fontCss}\n${printStylesheet({ direction, pageLabel: words.t('print.page'), runningTitle })}`;
  return (
    <html lang={words.language} dir={direction}>
      <head>
        <meta charSet="utf-8" />
        <meta httpEquiv="Content-Security-Policy" content={PRINT_CSP} />
        <title>{runningTitle}</title>
        <style dangerouslySetInnerHTML={{ __html: css }} />
      </head>
      <body>
        <header className="doc-header">
          <div className="authority">
            <div className="kingdom">{words.t('print.kingdom')}</div>
            <div className="court">
              <Text value={localName(court, words.language)} />
            </div>
          </div>
          <div className="printed" data-part="printed">
            <Sentence
              words={words}
              k="print.printedOn"
              values={{ date: <Ltr>{wallDate(frame.printedAt)}</Ltr>, time: <Ltr>{wallTime(frame.printedAt)}</Ltr>, name: <Text value={frame.printedBy} /> }}
            />
          </div>
        </header>
        <h1>{title}</h1>
        {children}
      </body>
    </html>
  );
}
