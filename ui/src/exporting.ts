// Exporting, between the views and the backend: what the library's export dialog
// runs, and the open post's Copy as HTML and Export as HTML…. Every export reads
// what is stored, so each first stores the open post's latest edits (`store`).
import * as api from './api';
import { browserClipboard, copyHtml } from './clipboard';
import { toAppError } from './errors';
import {
  defaultPostFile,
  readExportMemory,
  rememberPostFile,
  writeExportMemory,
  type StorageLike,
} from './exportSettings';
import { postExportedMessage } from './exportSummary';
import type { OpenPost } from './openPost';
import type { ExportBackend } from './views/exportDialog';
import type { Toasts } from './views/toasts';

/** localStorage, or null where the webview refuses it (then nothing is remembered). */
export function localStore(): StorageLike | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** The export dialog's backend; `library` names the open library's folder. */
export function exportBackend(library: () => string, store: () => Promise<void>): ExportBackend {
  return {
    choose: () => api.chooseFolder('Choose a folder to export to'),
    library,
    loadMemory: () => readExportMemory(localStore()),
    saveMemory: (memory) => void writeExportMemory(localStore(), memory),
    run: async (request, onProgress) => {
      await store();
      return request.kind === 'html'
        ? api.exportHtml(request.options, onProgress)
        : api.exportMarkdown(request.options, onProgress);
    },
    cancel: () => api.cancelJob(),
    openExport: (out, site) => api.openExport(out, site),
  };
}

/**
 * "Copy as HTML": the post's rendered body, as rich text with the HTML source as
 * plain text. Runs inside the menu's click, which the clipboard needs.
 */
export function copyPostHtml(open: OpenPost, store: () => Promise<void>, toasts: Toasts): void {
  // The post is stored first, so what is copied is what is on screen.
  const html = store().then(() => api.postHtml(open.id));
  copyHtml(html, browserClipboard()).then(
    () => toasts.show('Copied as HTML'),
    (e) => toasts.error(toAppError(e), 'Could not copy as HTML'),
  );
}

/** "Export as HTML…": one self-contained .html file where the writer chooses. */
export async function exportPostHtml(open: OpenPost, store: () => Promise<void>, toasts: Toasts): Promise<void> {
  let file: string | null;
  try {
    file = await api.chooseSaveFile({
      title: 'Export the post as HTML',
      defaultPath: defaultPostFile(open.post.slug, readExportMemory(localStore()).postFolder),
      filters: [{ name: 'HTML', extensions: ['html', 'htm'] }],
    });
  } catch (e) {
    toasts.error(toAppError(e), 'Could not open the save dialog');
    return;
  }
  if (file === null) return;
  await store();
  const report = await toasts.attempt(api.exportPostHtml(open.id, file), 'Could not export the post');
  if (!report) return;
  writeExportMemory(localStore(), rememberPostFile(readExportMemory(localStore()), file));
  toasts.show(postExportedMessage(open.post.title, file, report), {
    timeoutMs: report.warnings.length ? 20000 : 8000,
  });
}
