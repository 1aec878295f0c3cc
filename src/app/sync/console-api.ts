import type { Activity, ActivityKind } from '../../shared/activity';
import type { Attachment } from '../../shared/attachment';
import type { ContentInput, ContentItem, ContentReport } from '../../shared/content';
import type { PeriodBasis } from '../../shared/period';
import type { Indicator, Plan, PlanInput, PlanSchedule } from '../../shared/plan';
import type { TaskSource } from '../../shared/plan-import/types';
import type { Report } from '../../shared/report';
import type { Narrative } from '../../shared/report-narrative';
import type { HistoryItem } from '../../shared/history';
import type { PeriodEvent, Submission } from '../../shared/signoff';
import type { ErrorBody, Role } from '../../shared/sync';
import type { Unit } from '../../shared/unit';
import { sendFile } from './file-upload';
import type { Transport } from './sync-client';
import { SyncError } from './transport';

/** A phone as the supervisor's list shows it. */
export interface DeviceSummary {
  id: string;
  name: string;
  unitId: string;
  unitName: string;
  role: Role;
  createdAt: string;
  lastSyncAt: string | null;
  pending: number;
  revokedAt: string | null;
}

/** A one-time enrollment code, as text and as a link that opens the app with it. */
export interface EnrollmentCode {
  code: string;
  url: string;
  expiresAt: string;
}

/** What the plan importer proposes from a document, for a person to review. */
export interface ImportedTaskLike {
  ordinal: string;
  title: string;
  products: string[];
  lead: string[];
  cooperating: string[];
  timing: string;
  window: { from: string; to: string } | null;
  deadline: string | null;
  target: Plan['tasks'][number]['target'];
  budgetVnd: number | null;
  kinds: string[];
  notes: string | null;
  /** The plan's words each field was read from (servers before this field send none). */
  source?: TaskSource;
}

/** The importer's output: header fields, proposed tasks and what it could not read. */
export interface ImportedPlanLike {
  number: string | null;
  title: string;
  issuer: string | null;
  year: number;
  issuedOn: string | null;
  tasks: ImportedTaskLike[];
  warnings: string[];
  /** Absent from a server that predates them. */
  indicators?: Indicator[];
  schedule?: PlanSchedule;
}

/** Filters of the drill-down list: the entries behind one figure. */
export interface ActivityQuery {
  unitId: string;
  period: string;
  basis: PeriodBasis;
  kind?: ActivityKind;
  taskId?: string;
  late?: boolean;
}

/** A page of entries behind a figure, each with its evidence. */
export interface ActivityPage {
  items: (Activity & { attachments?: Attachment[] })[];
  total: number;
}

/** What importing a phone's file did: entries new to the server, already there, in conflict, refused. */
export interface ImportOutcome {
  created: number;
  duplicates: number;
  conflicts: number;
  rejected: number;
}

/** An export format of the period report. */
export type ExportFormat = 'docx' | 'xlsx' | 'csv';

/** Why a console call failed, in the server's words when it gave some. */
export class ConsoleApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ConsoleApiError';
  }
}

/**
 * The console's calls to the supervisor endpoints. Unlike the field sync client these need a
 * connection: the console shows the server's figures, it keeps no offline copy of them.
 */
export class ConsoleApi {
  constructor(
    private readonly transport: Transport,
    private readonly token: string,
  ) {}

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.send(method, path, body);
    return (await response.json()) as T;
  }

  private async send(method: string, path: string, body?: unknown): Promise<Response> {
    let response: Response;
    try {
      response = await this.transport.fetch(`${this.transport.baseUrl}/api/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ConsoleApiError(0, 'Không kết nối được máy chủ; hãy kiểm tra mạng rồi thử lại.');
    }
    if (!response.ok) {
      let message = `Máy chủ trả lời ${response.status}.`;
      try {
        const data = (await response.json()) as Partial<ErrorBody>;
        if (data.error) message = data.error;
        if (data.issues?.length) message += ` ${data.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`;
      } catch {
        // Not JSON: keep the status line.
      }
      throw new ConsoleApiError(response.status, message);
    }
    return response;
  }

  /** Units of the supervisor's subtree (and its ancestors). */
  async listUnits(): Promise<Unit[]> {
    const data = await this.request<Unit[] | { units: Unit[] }>('GET', '/units');
    return Array.isArray(data) ? data : data.units;
  }

  /** Adds a unit under one of the supervisor's: a station, a post-office point or an agency. */
  async createUnit(input: {
    parentId: string;
    name: string;
    kind: 'station' | 'post_office' | 'agency';
  }): Promise<Unit> {
    const data = await this.request<{ unit: Unit }>('POST', '/units', input);
    return data.unit;
  }

  /** The newest version of each plan the supervisor manages, drafts included. */
  async listPlans(): Promise<Plan[]> {
    const data = await this.request<Plan[] | { plans: Plan[] }>('GET', '/plans');
    return Array.isArray(data) ? data : data.plans;
  }

  /** Saves a new plan as a draft. */
  async createPlan(plan: PlanInput): Promise<Plan> {
    return unwrapPlan(await this.request('POST', '/plans', plan));
  }

  /** Saves changes to a plan: a draft is edited in place, a published plan gets a new draft version. */
  async updatePlan(id: string, plan: PlanInput): Promise<Plan> {
    return unwrapPlan(await this.request('PUT', `/plans/${encodeURIComponent(id)}`, plan));
  }

  /** Publishes a plan's draft; phones pick it up at their next sync. */
  async publishPlan(id: string): Promise<Plan> {
    return unwrapPlan(await this.request('POST', `/plans/${encodeURIComponent(id)}/publish`, {}));
  }

  /** Reads a plan document on the server (a .docx or a PDF as base64, or text). */
  async importPlan(
    input: { text: string } | { docxBase64: string } | { pdfBase64: string },
  ): Promise<ImportedPlanLike> {
    const data = await this.request<ImportedPlanLike | { plan: ImportedPlanLike }>('POST', '/plans/import', input);
    return 'plan' in data ? data.plan : data;
  }

  /** Makes a one-time enrollment code for a unit and role. */
  async makeEnrollmentCode(unitId: string, role: Role): Promise<EnrollmentCode> {
    return this.request('POST', '/enrollment-codes', { unitId, role });
  }

  /** Phones enrolled in the supervisor's subtree. */
  async listDevices(): Promise<DeviceSummary[]> {
    const data = await this.request<DeviceSummary[] | { devices: DeviceSummary[] }>('GET', '/devices');
    return Array.isArray(data) ? data : data.devices;
  }

  /** Revokes a phone: its token stops working at once. */
  async revokeDevice(id: string): Promise<void> {
    await this.request('POST', `/devices/${encodeURIComponent(id)}/revoke`, {});
  }

  /** Imports the entries a phone exported to a file ("Xuất dữ liệu"); idempotent by entry id. */
  async importActivities(file: unknown): Promise<ImportOutcome> {
    return this.request('POST', '/activities/import', file);
  }

  /** The period report of a unit and its subtree. */
  async fetchReport(unitId: string, period: string, basis: PeriodBasis): Promise<Report> {
    const query = new URLSearchParams({ unitId, period, basis });
    return this.request('GET', `/report?${query}`);
  }

  /** The entries behind a figure. */
  async listActivities(query: ActivityQuery, limit = 200): Promise<ActivityPage> {
    const params = new URLSearchParams({ unitId: query.unitId, period: query.period, basis: query.basis });
    if (query.kind) params.set('kind', query.kind);
    if (query.taskId) params.set('taskId', query.taskId);
    if (query.late) params.set('late', '1');
    params.set('limit', String(limit));
    const data = await this.request<ActivityPage | Activity[]>('GET', `/activities?${params}`);
    return Array.isArray(data) ? { items: data, total: data.length } : data;
  }

  /** A file of an entry's evidence (a photo, its thumbnail, a PDF), as a blob to show or save. */
  async fetchFile(sha256: string): Promise<Blob> {
    return (await this.send('GET', `/files/${sha256}`)).blob();
  }

  /** The content items published in the supervisor's subtree, with who downloaded and aired each. */
  async listSentContent(): Promise<ContentReport[]> {
    return (await this.request<{ items: ContentReport[] }>('GET', '/content/sent')).items;
  }

  /** Publishes a content item (its file, if any, goes up after with `uploadFile`). */
  async publishContent(input: ContentInput): Promise<ContentItem> {
    return (await this.request<{ item: ContentItem }>('POST', '/content', input)).item;
  }

  /**
   * Sends a content item's file through the evidence chunks (file-upload.ts: the same home as the
   * phone's photos), from where the server stands: a call after a cut link goes on from the last
   * chunk the server holds, never from zero. `onProgress` hears the bytes the server holds.
   */
  async uploadFile(sha256: string, blob: Blob, onProgress: (received: number) => void): Promise<void> {
    try {
      await sendFile(this.transport, this.token, sha256, blob, 0, {
        resuming: true,
        onAck: (received) => onProgress(received),
      });
    } catch (error) {
      if (!(error instanceof SyncError)) throw error;
      if (error.kind === 'fatal') throw new ConsoleApiError(error.status ?? 0, error.message);
      if (error.kind === 'auth')
        throw new ConsoleApiError(error.status ?? 403, 'Máy chủ không nhận tệp này từ thiết bị này.');
      throw new ConsoleApiError(0, 'Mất kết nối tới máy chủ giữa chừng; phần đã gửi được giữ lại.');
    }
  }

  /** Every change of one entry, oldest first. */
  async listHistory(id: string): Promise<HistoryItem[]> {
    const data = await this.request<{ items: HistoryItem[] }>('GET', `/activities/${encodeURIComponent(id)}/history`);
    return data.items;
  }

  /** Approves a unit's submission of a period. */
  async approveSubmission(id: string, comment?: string): Promise<Submission> {
    const body = comment ? { comment } : {};
    return (
      await this.request<{ submission: Submission }>('POST', `/submissions/${encodeURIComponent(id)}/approve`, body)
    ).submission;
  }

  /** Returns a unit's submission of a period with what to fix. */
  async returnSubmission(id: string, comment: string): Promise<Submission> {
    return (
      await this.request<{ submission: Submission }>('POST', `/submissions/${encodeURIComponent(id)}/return`, {
        comment,
      })
    ).submission;
  }

  /** The submissions, approvals and returns of a period in a unit's subtree, oldest first. */
  async periodHistory(unitId: string, period: string, basis: PeriodBasis): Promise<PeriodEvent[]> {
    const query = new URLSearchParams({ unitId, period, basis });
    return (await this.request<{ events: PeriodEvent[] }>('GET', `/period-history?${query}`)).events;
  }

  /** Sends a short message to units below; their phones show it after their next sync. */
  async sendNudge(unitIds: readonly string[], message: string): Promise<number> {
    return (await this.request<{ sent: number }>('POST', '/nudges', { unitIds, message })).sent;
  }

  /**
   * Downloads the report as a file; the caller hands the blob to the browser. With `narrative`
   * (the officer's words), the file carries them instead of the text written from the figures.
   */
  async downloadReport(
    unitId: string,
    period: string,
    basis: PeriodBasis,
    format: ExportFormat,
    narrative?: Partial<Narrative>,
  ): Promise<{ blob: Blob; fileName: string }> {
    const query = new URLSearchParams({ unitId, period, basis, format });
    const response = narrative
      ? await this.send('POST', '/report/export', { unitId, period, basis, format, narrative })
      : await this.send('GET', `/report/export?${query}`);
    return fileOf(response, `bao-cao-${period}.${format}`);
  }

  /** Downloads the evidence of a unit's subtree for a period as a .zip (for an inspection). */
  async downloadEvidence(
    unitId: string,
    period: string,
    basis: PeriodBasis,
  ): Promise<{ blob: Blob; fileName: string }> {
    const query = new URLSearchParams({ unitId, period, basis });
    return fileOf(await this.send('GET', `/evidence/export?${query}`), `minh-chung-${period}.zip`);
  }
}

/** A downloaded file under the name the server gave it (Content-Disposition), else `fallback`. */
async function fileOf(response: Response, fallback: string): Promise<{ blob: Blob; fileName: string }> {
  const disposition = response.headers.get('content-disposition') ?? '';
  const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallback;
  return { blob: await response.blob(), fileName };
}

function unwrapPlan(data: unknown): Plan {
  const record = data as Plan | { plan: Plan };
  return 'plan' in record ? record.plan : record;
}
