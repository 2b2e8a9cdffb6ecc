// One way a file made for the clerk leaves main (a searchable PDF, a verification report): the
// desktop app's save dialog, then written there; or, in the browser shell, staged under the data
// folder and offered once at GET /download/<id>. `write` makes the file at the path it is given;
// whatever it throws leaves nothing staged.
import path from 'node:path';
import { DOWNLOAD_HTTP_PATH } from '../../../shared/ipc/contract';
import type { CallContext } from './types';

export type Delivered<T> = { outcome: 'cancelled' } | ({ outcome: 'saved'; fileName: string } & T) | ({ outcome: 'download'; url: string; fileName: string } & T);

export async function deliverExport<T extends object>(ctx: CallContext, suggestedName: string, write: (destination: string) => Promise<T>): Promise<Delivered<T>> {
  const choose = ctx.exportFiles.choose;
  if (choose) {
    const destination = await choose(suggestedName);
    if (!destination) return { outcome: 'cancelled' };
    const made = await write(destination);
    return { outcome: 'saved', fileName: path.basename(destination), ...made };
  }
  const downloads = ctx.exportFiles.downloads;
  const staged = await downloads.stage(suggestedName);
  try {
    const made = await write(staged.file);
    downloads.offer(staged);
    return { outcome: 'download', url: `${DOWNLOAD_HTTP_PATH}/${staged.id}`, fileName: suggestedName, ...made };
  } catch (err) {
    await downloads.remove(staged.id);
    throw err;
  }
}
