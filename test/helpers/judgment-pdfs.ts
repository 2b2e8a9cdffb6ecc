// PDFs to sign, made the way the desk makes them: an Arabic judgment printed by Chromium (classic
// xref table), and the same file rewritten by qpdf with object streams (an xref stream).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { silentLogger } from '../../src/main/services/logger';
import { createChromiumPdfMaker } from '../../src/main/services/print/chromium-pdf-maker';

const JUDGMENT_HTML = `<!doctype html><html dir="rtl" lang="ar"><head><meta charset="utf-8"><style>@page{size:A4;margin:20mm}body{font-family:serif;font-size:14pt}</style></head>
<body><h1>المملكة المغربية — المحكمة الابتدائية بالرباط</h1><h2>حكم رقم <bdi dir="ltr">2026/1201/345</bdi></h2>
<p>باسم جلالة الملك وطبقا للقانون، أصدرت المحكمة الحكم الآتي نصه بين المدعي محمد العلوي والمدعى عليه شركة الأطلس.</p>
<p>${'حيث إن الطلب قدم وفق الشكل المطلوب قانونا. '.repeat(120)}</p>
<p>لهذه الأسباب حكمت المحكمة علنيا ابتدائيا وحضوريا.</p></body></html>`;

export interface JudgmentPdfs {
  /** Chromium's PDF: classic xref table. */
  classic: string;
  /** qpdf --object-streams=generate of the same: xref stream, catalog inside an object stream. */
  xrefStream: string;
}

export async function makeJudgmentPdfs(dir: string): Promise<JudgmentPdfs> {
  const maker = createChromiumPdfMaker({ chromiumPath: '/usr/bin/chromium', log: silentLogger() });
  try {
    const classic = path.join(dir, 'judgment-classic.pdf');
    fs.writeFileSync(classic, await maker.makePdf(JUDGMENT_HTML));
    const xrefStream = path.join(dir, 'judgment-xref-stream.pdf');
    execFileSync('qpdf', ['--object-streams=generate', classic, xrefStream]);
    return { classic, xrefStream };
  } finally {
    await maker.close();
  }
}
