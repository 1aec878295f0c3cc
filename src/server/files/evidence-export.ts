import { formatDateVi } from '../../shared/format';
import type { ActivityKind } from '../../shared/activity';
import { kindLabel } from '../../shared/report-layout';
import { foldDiacritics } from '../../shared/text';
import { BOM, csvLine } from '../exports/report-csv';
import type { EvidenceItem } from './attachments.repository';
import type { FileStore } from './file-store';
import { asciiFileName } from './file-names';
import { ZipWriter } from './zip-writer';

/** A name part of ASCII letters, digits and dashes ("Hội nghị đối thoại" → "hoi-nghi-doi-thoai"). */
function slug(text: string, max = 60): string {
  const plain = foldDiacritics(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return plain.slice(0, max).replace(/-+$/, '') || 'muc';
}

/** `minh-chung-<unit code, or its name as a slug>-<period>.zip`. */
export function evidenceArchiveName(unit: { code: string; name: string }, periodCode: string): string {
  const code = /^[A-Za-z0-9]+$/.test(unit.code) ? unit.code : slug(unit.name, 40);
  return `minh-chung-${code}-${periodCode}.zip`;
}

/** What the index says of a file: in the archive, lost by its phone, or not finished uploading. */
function stateOf(item: EvidenceItem, inArchive: boolean): string {
  if (inArchive) return 'Có trong tệp nén';
  if (item.lost) return 'Thiếu: máy đã báo mất tệp (bộ nhớ bị xóa)';
  return 'Thiếu: máy chưa gửi xong tệp';
}

/**
 * A unit's evidence of a period as a ZIP, yielded piece by piece so the archive never sits whole
 * in memory: a folder per entry ("<date>-<title>"), its files in registration order, and
 * `danh-sach-minh-chung.csv` (UTF-8 with BOM) listing every attachment, the missing ones included.
 * `now` is the Vietnam wall-clock time that dates the entries.
 */
export async function* evidenceArchive(
  items: readonly EvidenceItem[],
  store: FileStore,
  options: { unitNames: ReadonlyMap<string, string>; vietnamNow: Date },
): AsyncGenerator<Buffer> {
  let pieces: Buffer[] = [];
  const at = options.vietnamNow;
  const zip = new ZipWriter((b) => pieces.push(b), {
    year: at.getUTCFullYear(),
    month: at.getUTCMonth() + 1,
    day: at.getUTCDate(),
    hours: at.getUTCHours(),
    minutes: at.getUTCMinutes(),
  });
  const take = () => {
    const out = Buffer.concat(pieces);
    pieces = [];
    return out;
  };

  const folders = new Map<string, string>();
  const taken = new Set<string>();
  const position = new Map<string, number>();
  const index: string[] = [
    csvLine([
      'Ngày',
      'Đơn vị',
      'Loại hoạt động',
      'Nội dung',
      'Mã mục',
      'Tệp trong tệp nén',
      'Tên tệp gốc',
      'SHA-256',
      'Kích thước (byte)',
      'Tình trạng',
    ]),
  ];
  for (const item of items) {
    let folder = folders.get(item.activityId);
    if (!folder) {
      folder = `${item.date}-${slug(item.title)}`;
      if (taken.has(folder)) folder = `${folder}-${item.activityId.slice(0, 8)}`;
      taken.add(folder);
      folders.set(item.activityId, folder);
    }
    const n = (position.get(item.activityId) ?? 0) + 1;
    position.set(item.activityId, n);
    const file = item.complete ? await store.read(item.sha256) : undefined;
    const path = file ? `${folder}/${String(n).padStart(2, '0')}-${asciiFileName(item.name)}` : '';
    if (file) {
      zip.add(path, file.bytes);
      yield take();
    }
    index.push(
      csvLine([
        formatDateVi(item.date),
        options.unitNames.get(item.unitId) ?? item.unitId,
        kindLabel(item.kind as ActivityKind) ?? item.kind,
        item.title,
        item.activityId,
        path,
        item.name,
        item.sha256,
        item.size,
        stateOf(item, file !== undefined),
      ]),
    );
  }
  zip.add('danh-sach-minh-chung.csv', Buffer.from(`${BOM}${index.join('\r\n')}\r\n`, 'utf8'), true);
  zip.finish();
  yield take();
}
