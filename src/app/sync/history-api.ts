import type { HistoryItem, HistoryResponse } from '../../shared/history';
import type { ErrorBody } from '../../shared/sync';
import { SyncError, type Transport } from './transport';

/**
 * The changes of one entry as the server keeps them, oldest first. Needs a connection: a network
 * failure is an `offline` SyncError, any other refusal a `fatal` one with the server's words.
 */
export async function fetchEntryHistory(transport: Transport, token: string, id: string): Promise<HistoryItem[]> {
  let response: Response;
  try {
    response = await transport.fetch(`${transport.baseUrl}/api/v1/activities/${encodeURIComponent(id)}/history`, {
      headers: { authorization: `Bearer ${token}` },
    });
  } catch {
    throw new SyncError('offline', 'Không kết nối được máy chủ.');
  }
  if (!response.ok) {
    let message = `Máy chủ trả lời ${response.status}.`;
    try {
      message = ((await response.json()) as Partial<ErrorBody>).error ?? message;
    } catch {
      // Not JSON: keep the status line.
    }
    throw new SyncError('fatal', message, undefined, response.status);
  }
  return ((await response.json()) as HistoryResponse).items;
}
