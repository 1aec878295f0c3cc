import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import {
  addDays,
  currentReportPeriod,
  formatPeriodCode,
  type Period,
  type PeriodType,
  periodContaining,
  periodLabel,
  periodRange,
} from '../../shared/period';
import { narrativeWith, shareSummary } from '../../shared/report-narrative';
import { writeMeta } from '../db/database';
import { useLiveQuery } from '../db/live';
import type { Scope } from '../db/queries';
import { language } from '../i18n/messages';
import { tr } from '../i18n/report-messages';
import { buildLocalReport } from '../report/local-report';
import { makeReportFile, warmSpreadsheetWriter } from '../report/report-files';
import { NarrativeFields, useNarrativeEdits } from '../report/narrative-fields';
import { reportTextKey } from '../db/report-texts';
import { useServices } from '../services';
import { today } from '../today';
import { PeriodSwitcher } from '../ui/period-switcher';
import { saveFile, shareFile } from '../ui/share-file';

/**
 * The unit's own period report, made on the phone from its own data, offline: the figures in the
 * official layout, the narrative written from them (which the officer edits; the edits are kept on
 * the phone), the files (.docx, .xlsx) and sharing them with a short summary.
 * `actions` is the place of the period's own actions ("Gửi báo cáo kỳ", the sign-off of issue 16).
 */
export function ReportPage(props: { scope: Scope; actions?: ComponentChildren }) {
  const { db } = useServices();
  const { meta, units, plans } = props.scope;
  const unitId = meta.unitId;
  const basis = meta.basis;
  const [chosen, setChosen] = useState<Period>(() => currentReportPeriod(today(), basis, plans));
  const period = chosen;
  const range = periodRange(period, basis);
  const code = formatPeriodCode(period);
  const local = useLiveQuery(
    () => (unitId ? buildLocalReport(db, { unitId, units, plans }, period, basis, today()) : Promise.resolve(null)),
    [unitId, code, basis, units, plans],
    null,
  );
  const key = unitId ? reportTextKey(unitId, code, basis) : '';
  const state = useNarrativeEdits(db, key);
  const [busy, setBusy] = useState(false);
  useEffect(warmSpreadsheetWriter, []);
  const [message, setMessage] = useState<string | null>(null);
  const report = local?.report.period.code === code ? local.report : null;
  const narrative = report ? narrativeWith(report, state.edits) : null;

  const step = (direction: -1 | 1) =>
    setChosen(periodContaining(direction < 0 ? addDays(range.from, -1) : addDays(range.to, 1), period.type, basis));
  const setType = (next: PeriodType) => setChosen(periodContaining(range.to, next, basis));

  const make = async (what: 'docx' | 'xlsx' | 'share') => {
    if (!local || !narrative || !report) return;
    setBusy(true);
    setMessage(tr('making'));
    try {
      const file = await makeReportFile(local, narrative, what === 'xlsx' ? 'xlsx' : 'docx');
      if (what === 'share') {
        const outcome = await shareFile(file, shareSummary(report), report.period.label);
        if (outcome.how === 'shared') setMessage(tr('shared', { name: file.name }));
        else if (outcome.how === 'cancelled') setMessage(tr('cancelled'));
        else setMessage(tr(outcome.copied ? 'downloadedCopied' : 'downloaded', { name: file.name }));
      } else {
        saveFile(file, file.name);
        setMessage(tr('downloaded', { name: file.name }));
      }
    } catch (error) {
      // The .xlsx writer is not on the phone yet (never loaded online): say what to do.
      if (what === 'xlsx' && navigator.onLine === false) setMessage(tr('xlsxOffline'));
      else setMessage(tr('failed', { reason: error instanceof Error ? error.message : String(error) }));
    } finally {
      setBusy(false);
    }
  };

  if (!unitId) return <div class="page report">{tr('noUnit')}</div>;
  return (
    <div class="page report">
      <h1>{tr('title')}</h1>
      <PeriodSwitcher
        type={period.type}
        basis={basis}
        label={periodLabel(period, language())}
        range={range}
        onType={setType}
        onStep={step}
        onBasis={(next) => void writeMeta(db, { basis: next })}
      />
      <p>
        <small>{tr('intro')}</small>
      </p>
      {!report || !narrative ? (
        <p aria-busy="true">{tr('loading')}</p>
      ) : (
        <>
          <section class="card report-summary">
            <h2>{tr('summary')}</h2>
            <p data-testid="report-summary">{shareSummary(report)}</p>
          </section>
          <NarrativeFields report={report} state={state} />
          <section class="card report-files">
            <button type="button" class="primary" disabled={busy} onClick={() => void make('share')}>
              {tr('share')}
            </button>
            <button type="button" class="secondary" disabled={busy} onClick={() => void make('docx')}>
              {tr('docx')}
            </button>
            <button type="button" class="secondary" disabled={busy} onClick={() => void make('xlsx')}>
              {tr('xlsx')}
            </button>
            {message && (
              <p role="status" data-testid="report-message">
                {message}
              </p>
            )}
          </section>
          {/* The period's own actions: "Gửi báo cáo kỳ" (sign-off, issue 16) is given here by the shell. */}
          {props.actions}
        </>
      )}
    </div>
  );
}
