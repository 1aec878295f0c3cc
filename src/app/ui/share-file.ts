// Sharing a file with a few words (a report and its summary to a Zalo group): through the Web Share
// API where the browser can share files, else the file is downloaded and the words copied to the
// clipboard. The phone and the console both use it.

/** What became of a share: sent through the share sheet, closed by the person, or downloaded instead. */
export type ShareOutcome = { how: 'shared' } | { how: 'cancelled' } | { how: 'downloaded'; copied: boolean };

/** Saves a file through the browser (an anchor with `download`). */
export function saveFile(file: Blob, fileName: string): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Copies text to the clipboard; false when the browser refuses (no permission, not a secure page). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Shares a file with its summary, or downloads it and copies the summary (see `ShareOutcome`). */
export async function shareFile(file: File, text: string, title: string): Promise<ShareOutcome> {
  const nav = navigator as Navigator & { canShare?: (data: ShareData) => boolean };
  const data: ShareData = { files: [file], text, title };
  if (typeof nav.share === 'function' && nav.canShare?.(data)) {
    try {
      await nav.share(data);
      return { how: 'shared' };
    } catch (error) {
      // The person closed the sheet: nothing to do. Any other failure falls back to a download.
      if ((error as { name?: string } | null)?.name === 'AbortError') return { how: 'cancelled' };
    }
  }
  saveFile(file, file.name);
  return { how: 'downloaded', copied: await copyText(text) };
}
