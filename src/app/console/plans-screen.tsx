import { PLAN_FILE_MESSAGES } from '../../shared/plan-import/messages';
import { useState } from 'preact/hooks';
import { formatDateTimeVi } from '../../shared/format';
import type { Plan } from '../../shared/plan';
import { carryPlan } from '../../shared/plan-carry';
import { existsInYear } from '../../shared/unit';
import type { ImportedPlanLike } from '../sync/console-api';
import type { ConsoleContext } from './console-app';
import { ct } from './messages';
import {
  base64Of,
  type DraftPlan,
  draftFromImport,
  draftFromPlan,
  planInputOf,
  planOfDraft,
  problemsOf,
} from './plan-draft';
import { PlanEditor } from './plan-editor';
import { useLoad } from './use-load';

/** Reads pasted or typed text with the shared importer, loaded only when a plan is read. */
async function importText(text: string): Promise<ImportedPlanLike> {
  const { importPlanText } = await import('../../shared/plan-import/import-plan');
  return importPlanText(text);
}

/** The body a plan is saved with: the stored plan minus what the server decides. */
/** Plans: import (paste or file), review and edit every task, assign, publish, revise. */
export function PlansScreen(props: { ctx: ConsoleContext }) {
  const { ctx } = props;
  const plans = useLoad(() => ctx.api.listPlans(), [ctx.api]);
  const [text, setText] = useState('');
  const [draft, setDraft] = useState<DraftPlan | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (label: string, work: () => Promise<void>) => {
    setBusy(label);
    setError(null);
    setMessage(null);
    try {
      await work();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  const review = (imported: ImportedPlanLike) => {
    setDraft(draftFromImport(imported, ctx.root, ctx.units));
    if (imported.tasks.length === 0) setMessage(ct('plans.noTasks'));
  };

  /** The year a plan is carried into: this year for a past plan, else the next. */
  const carryYear = (plan: Plan) => Math.max(plan.year + 1, Number(ctx.today.slice(0, 4)));

  const carry = (plan: Plan) => {
    const year = carryYear(plan);
    const byId = new Map(ctx.units.map((u) => [u.id, u] as const));
    const exists = (unitId: string) => {
      const unit = byId.get(unitId);
      return unit !== undefined && existsInYear(unit, year);
    };
    const ownerId = exists(plan.unitId) ? plan.unitId : exists(ctx.root.id) ? ctx.root.id : null;
    setError(null);
    if (ownerId === null) {
      setMessage(null);
      setError(ct('plans.carryNoOwner', { year }));
      return;
    }
    const carried = carryPlan(plan, { year, ownerId, exists, newId: () => crypto.randomUUID() });
    setDraft({ ...draftFromPlan(carried), id: null });
    setMessage(ct('plans.carried', { year, from: plan.year }));
  };

  const readText = () => run('read', async () => review(await importText(text)));

  const readFile = (file: File) =>
    run('read', async () => {
      if (/\.docx$/i.test(file.name)) review(await ctx.api.importPlan({ docxBase64: await base64Of(file) }));
      else if (/\.pdf$/i.test(file.name)) review(await ctx.api.importPlan({ pdfBase64: await base64Of(file) }));
      else if (/\.doc$/i.test(file.name)) throw new Error(PLAN_FILE_MESSAGES.legacyDoc);
      else {
        const content = await file.text();
        setText(content);
        review(await importText(content));
      }
    });

  const save = async (current: DraftPlan): Promise<Plan | null> => {
    const problems = problemsOf(current);
    if (problems.length > 0) {
      setError(ct('plans.invalid', { problems: problems.join('; ') }));
      return null;
    }
    const input = planInputOf(planOfDraft(current, current.id ?? ''));
    const saved = current.id ? await ctx.api.updatePlan(current.id, input) : await ctx.api.createPlan(input);
    setDraft({ ...draftFromPlan(saved), warnings: current.warnings });
    return saved;
  };

  const saveDraft = () =>
    run('save', async () => {
      if (draft && (await save(draft))) {
        setMessage(ct('saved'));
        plans.reload();
      }
    });

  const publish = () =>
    run('publish', async () => {
      if (!draft || !confirm(ct('plans.publishConfirm'))) return;
      const saved = await save(draft);
      if (!saved) return;
      const published = await ctx.api.publishPlan(saved.id);
      setDraft(null);
      setText('');
      setMessage(ct('plans.publishedNow', { v: published.version }));
      plans.reload();
    });

  return (
    <section class="plans-screen">
      {message && (
        <p class="console-ok" role="status">
          {message}
        </p>
      )}
      {error && (
        <p class="console-error" role="alert">
          {ct('error', { reason: error })}
        </p>
      )}
      {draft ? (
        <>
          <div class="toolbar sticky">
            <button type="button" onClick={() => setDraft(null)}>
              {ct('cancel')}
            </button>
            <button type="button" disabled={busy !== null} onClick={() => void saveDraft()}>
              {busy === 'save' ? ct('loading') : ct('plans.saveDraft')}
            </button>
            <button type="button" class="primary" disabled={busy !== null} onClick={() => void publish()}>
              {busy === 'publish' ? ct('loading') : ct('plans.publish')}
            </button>
            {draft.id && (
              <small>
                {ct('plans.version', { v: draft.version })} · {draft.status === 'draft' ? ct('plans.draft') : ''}
              </small>
            )}
          </div>
          <PlanEditor
            draft={draft}
            root={ctx.root}
            units={ctx.units}
            onChange={(update) => setDraft((d) => (d ? update(d) : d))}
            newId={() => crypto.randomUUID()}
          />
        </>
      ) : (
        <>
          <h2>{ct('plans.list')}</h2>
          {plans.error && <p class="console-error">{ct('error', { reason: plans.error })}</p>}
          {plans.value && plans.value.length === 0 && <p>{ct('plans.none')}</p>}
          {plans.value && plans.value.length > 0 && (
            <ul class="plan-list">
              {plans.value.map((plan) => (
                <li key={plan.id}>
                  <span>
                    <strong>{plan.title}</strong>
                    <small>
                      {plan.number ?? ''} · {ct('plans.version', { v: plan.version })} ·{' '}
                      {plan.status === 'published' && plan.publishedAt
                        ? ct('plans.published', { date: formatDateTimeVi(plan.publishedAt) })
                        : ct('plans.draft')}{' '}
                      · {ct('plans.tasks', { n: plan.tasks.length })}
                    </small>
                  </span>
                  <span class="plan-actions">
                    <button type="button" onClick={() => setDraft(draftFromPlan(plan))}>
                      {plan.status === 'published' ? ct('plans.revise') : ct('plans.open')}
                    </button>
                    {plan.status === 'published' && (
                      <button type="button" onClick={() => carry(plan)}>
                        {ct('plans.carry', { year: carryYear(plan) })}
                      </button>
                    )}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <h2>{ct('plans.import')}</h2>
          <p>{ct('plans.importHelp')}</p>
          <label class="stack">
            <span>{ct('plans.paste')}</span>
            <textarea rows={10} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
          </label>
          <div class="toolbar">
            <button
              type="button"
              class="primary"
              disabled={busy !== null || text.trim() === ''}
              onClick={() => void readText()}
            >
              {busy === 'read' ? ct('plans.reading') : ct('plans.read')}
            </button>
            <label class="file">
              {ct('plans.file')}{' '}
              <input
                type="file"
                accept=".docx,.pdf,.doc,.txt,text/plain,application/pdf,application/msword,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                onChange={(e) => {
                  const file = (e.target as HTMLInputElement).files?.[0];
                  if (file) void readFile(file);
                }}
              />
            </label>
          </div>
        </>
      )}
    </section>
  );
}
