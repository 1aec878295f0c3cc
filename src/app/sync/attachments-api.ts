import type { Attachment } from '../../shared/attachment';
import type { AttachmentView } from '../ui/attachment-list';
import type { Transport } from './transport';

// What the server holds of an entry's photos and files (issue 14): another phone of the unit sent
// them, so this phone has the entry (it synced) but not its files. Read when the entry is opened
// online; offline, or on any refusal, the entry shows only the files this phone holds.

async function get(transport: Transport, token: string, path: string): Promise<Response | null> {
  try {
    const response = await transport.fetch(`${transport.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return response.ok ? response : null;
  } catch {
    return null;
  }
}

/**
 * The attachments the server lists on an entry that this phone does not hold (`localIds`), with
 * their thumbnails fetched; empty when offline or refused.
 */
export async function fetchServerAttachments(
  transport: Transport,
  token: string,
  activityId: string,
  localIds: ReadonlySet<string>,
): Promise<AttachmentView[]> {
  const listed = await get(transport, token, `/api/v1/activities/${encodeURIComponent(activityId)}/attachments`);
  if (!listed) return [];
  const { attachments } = (await listed.json()) as { attachments: Attachment[] };
  return Promise.all(
    attachments
      .filter((a) => !localIds.has(a.id))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map(async (a): Promise<AttachmentView> => {
        const thumb = a.thumb ? await get(transport, token, `/api/v1/files/${a.thumb.sha256}`) : null;
        return {
          id: a.id,
          kind: a.kind,
          name: a.name,
          thumb: thumb ? await thumb.blob() : null,
          state: a.lost ? 'lost' : a.complete ? 'done' : 'uploading',
        };
      }),
  );
}
