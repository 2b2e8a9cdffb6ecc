// The page as scanned, with the search hits drawn over it from the OCR word boxes. The boxes are
// placed in percent of the frame OCR read (its width and height), so they stay on their words at
// any zoom and whatever size the image was rendered at. Laid out left to right whatever the UI's
// direction: the image is a picture of paper, not text.
import { Alert } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WordBox } from '../../../shared/schemas/documents';
import { pageImageSrc } from '../../api/resolve-api';

export interface PageImageProps {
  documentId: string;
  page: number;
  /** Share of the pane's width the page takes (1 = fit width). */
  zoom: number;
  words: readonly WordBox[];
  hits: readonly number[];
  frame: { width: number; height: number } | null;
}

export function PageImage({ documentId, page, zoom, words, hits, frame }: PageImageProps) {
  const { t } = useTranslation();
  const src = pageImageSrc(documentId, page);
  const [failed, setFailed] = useState<string | null>(null);
  if (failed === src) {
    return (
      <Alert color="red" variant="light" role="alert" data-testid="viewer-image-failed">
        {t('ui.viewer.imageFailed')}
      </Alert>
    );
  }
  return (
    <div className="viewer-page" dir="ltr" style={{ width: `${Math.round(zoom * 100)}%` }} data-testid="viewer-page">
      <img src={src} alt={t('ui.viewer.pageImage', { page })} className="viewer-page-image" onError={() => setFailed(src)} data-testid="viewer-image" />
      {frame &&
        hits.map((i) => {
          const [x0, y0, x1, y1] = words[i]!.box;
          return (
            <span
              key={i}
              className="viewer-hit"
              aria-hidden="true"
              data-testid="viewer-hit-box"
              style={{
                left: `${(x0 / frame.width) * 100}%`,
                top: `${(y0 / frame.height) * 100}%`,
                width: `${((x1 - x0) / frame.width) * 100}%`,
                height: `${((y1 - y0) / frame.height) * 100}%`,
              }}
            />
          );
        })}
    </div>
  );
}
