import { useContext, useState } from 'preact/hooks';
import { REPORT_FILE_TYPES } from '../../shared/report-layout';
import { narrativeWith, shareSummary } from '../../shared/report-narrative';
import { tr } from '../i18n/report-messages';
import { NarrativeFields, useNarrativeEdits } from '../report/narrative-fields';
import { reportTextKey } from '../db/report-texts';
import { ServicesContext } from '../services';
import { saveFile, shareFile } from '../ui/share-file';
import { periodRange, parsePeriodCode } from '../../shared/period';
import { indexUnits, subtreeOf } from '../../shared/unit';
import type { ExportFormat } from '../sync/console-api';
import type { ConsoleContext } from './console-app';
import { DrillDown, type DrillTarget } from './drilldown';
import { ct } from './messages';
import { defaultPeriod, type PeriodChoice, PeriodPicker } from './period-picker';
import { type OnDrill, ReportView } from './report-view';
import { useLoad } from './use-load';

/** Units a report can be made for: the supervisor's unit and those below it that have units below them. */
function reportableUnits(ctx: Pick<ConsoleContext, 'root' | 'units'>) {
  const index = indexUnits(ctx.units);
  return subtreeOf(index, ctx.root.id).filter(
    (u) => u.id === ctx.root.id || (index.childrenOf.get(u.id)?.length ?? 0) > 0,
  );
}

/** The period report for any period code and basis, its exports and its print view. */
export function ReportScreen(props: { ctx: ConsoleContext; initial?: PeriodChoice }) {
  const { ctx } = props;
  const [choice, setChoice] = useState<PeriodChoice>(props.initial ?? defaultPeriod(ctx.today));
  const [unitId, setUnitId] = useState(ctx.root.id);
  const [printing, setPrinting] = useState(() => location.hash.includes('print=1'));
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const [busy, setBusy] = useState<ExportFormat | 'zip' | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const report = useLoad(() => ctx.api.fetchReport(unitId, choice.code, choice.basis), [ctx.api, unitId, choice]);
  const closesOn = periodRange(parsePeriodCode(choice.code)!, choice.basis).to;
  const onDrill: OnDrill = (target) => setDrill({ ...target, period: choice.code, basis: choice.basis, closesOn });

  // The narrative the phone writes, from the same shared rules; the officer's edits are kept on
  // this device and printed in the .docx and .xlsx the server makes.
  const db = useContext(ServicesContext)?.db ?? null;
  const narrativeState = useNarrativeEdits(db, reportTextKey(unitId, choice.code, choice.basis));
  const [shareMessage, setShareMessage] = useState<string | null>(null);

  const download = async (format: ExportFormat | 'share') => {
    setBusy(format === 'share' ? 'docx' : format);
    setExportError(null);
    setShareMessage(null);
    try {
      const narrative =
        report.value && format !== 'csv' ? narrativeWith(report.value, narrativeState.edits) : undefined;
      const fileFormat = format === 'share' ? 'docx' : format;
      const { blob, fileName } = await ctx.api.downloadReport(unitId, choice.code, choice.basis, fileFormat, narrative);
      if (format === 'share' && report.value) {
        const file = new File([blob], fileName, { type: REPORT_FILE_TYPES.docx });
        const outcome = await shareFile(file, shareSummary(report.value), report.value.period.label);
        if (outcome.how === 'shared') setShareMessage(tr('shared', { name: fileName }));
        else if (outcome.how === 'cancelled') setShareMessage(tr('cancelled'));
        else setShareMessage(tr(outcome.copied ? 'downloadedCopied' : 'downloaded', { name: fileName }));
      } else saveFile(blob, fileName);
    } catch (error) {
      setExportError(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(null);
    }
  };

  // The evidence of the unit's subtree for the period, as the inspection asks for it.
  const downloadEvidence = async () => {
    setBusy('zip');
    setExportError(null);
    try {
      const { blob, fileName } = await ctx.api.downloadEvidence(unitId, choice.code, choice.basis);
      saveFile(blob, fileName);
    } catch (error) {
      setExportError(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(null);
    }
  };

  if (printing && report.value) {
    return (
      <div class="print-view">
        <div class="no-print toolbar">
          <button type="button" onClick={() => setPrinting(false)}>
            {ct('report.back')}
          </button>
          <button type="button" class="primary" onClick={() => print()}>
            {ct('report.printNow')}
          </button>
        </div>
        <ReportView report={report.value} printable />
      </div>
    );
  }

  return (
    <section class="report-screen">
      <div class="toolbar no-print">
        <PeriodPicker value={choice} onChange={setChoice} />
        <label>
          {ct('dash.unit')}{' '}
          <select value={unitId} onChange={(e) => setUnitId((e.target as HTMLSelectElement).value)}>
            {reportableUnits(ctx).map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div class="toolbar no-print exports">
        <span>{ct('report.export')}:</span>
        {(['docx', 'xlsx', 'csv'] as const).map((format) => (
          <button type="button" key={format} disabled={busy !== null} onClick={() => void download(format)}>
            {busy === format ? ct('loading') : `.${format}`}
          </button>
        ))}
        <button
          type="button"
          disabled={busy !== null}
          data-testid="evidence-zip"
          onClick={() => void downloadEvidence()}
        >
          {busy === 'zip' ? ct('loading') : ct('report.evidence')}
        </button>
        <button type="button" disabled={!report.value} onClick={() => setPrinting(true)}>
          {ct('report.print')}
        </button>
        <button type="button" disabled={busy !== null || !report.value} onClick={() => void download('share')}>
          {tr('share')}
        </button>
      </div>
      {shareMessage && (
        <p role="status" data-testid="report-message">
          {shareMessage}
        </p>
      )}
      {exportError && <p class="console-error">{ct('error', { reason: exportError })}</p>}
      {report.error && (
        <p class="console-error" role="alert">
          {ct('error', { reason: report.error })}{' '}
          <button type="button" onClick={report.reload}>
            {ct('retry')}
          </button>
        </p>
      )}
      {report.loading && !report.value && <p>{ct('loading')}</p>}
      {report.value && <ReportView report={report.value} onDrill={onDrill} />}
      {report.value && (
        <section class="report-narrative no-print">
          <h3>{tr('summary')}</h3>
          <p data-testid="report-summary">{shareSummary(report.value)}</p>
          <NarrativeFields report={report.value} state={narrativeState} />
        </section>
      )}
      {drill && <DrillDown api={ctx.api} target={drill} units={ctx.units} onClose={() => setDrill(null)} />}
    </section>
  );
}
