import type { Target } from '../../shared/plan';
import { describeTarget } from '../../shared/target';
import { TASK_STATUS_LABELS, type TaskStatus } from '../../shared/progress';
import { language, t, tx } from '../i18n/messages';

/** A task's target in words in the app's language: "4 lần/tháng"; a task without one is ongoing. */
function targetWords(target: Target | null): string {
  return target ? describeTarget(target, language()) : t('per.none');
}

/** A task's status in words; a window task not started yet says so. */
function statusWords(status: TaskStatus, actual: number): string {
  if (status === 'on_track' && actual === 0) return t('status.not_started');
  return tx(TASK_STATUS_LABELS[status]);
}

/**
 * One assigned task: title, target, done/total, due and status. Only entries linked to the task
 * count toward it: the card says so, opens the log of those entries, and offers to link the
 * period's entries of its kinds that count toward no task.
 */
export function TaskCard(props: {
  title: string;
  target: Target | null;
  actual: number;
  total: number;
  due: number;
  status: TaskStatus;
  /** The log of the entries that count. */
  countedHref?: string;
  /** Entries of the task's kinds in its counted range linked to no task. */
  unlinked?: number;
  onLink?: () => void;
}) {
  const share = props.total > 0 ? Math.min(1, props.actual / props.total) : props.actual > 0 ? 1 : 0;
  return (
    <article class={`task status-${props.status}`}>
      <h3>{props.title}</h3>
      <p class="task-figures">
        <strong>{t('home.done', { actual: props.actual, total: props.total })}</strong>
        <span class="badge">{statusWords(props.status, props.actual)}</span>
      </p>
      <div class="bar" aria-hidden="true">
        <span style={{ width: `${Math.round(share * 100)}%` }} />
      </div>
      <small>
        {t('home.target', { target: targetWords(props.target) })} · {t('home.due', { due: props.due })}
      </small>
      {props.countedHref && (
        <p class="task-counted">
          <a href={props.countedHref}>{t('task.counted')}</a>
        </p>
      )}
      {props.unlinked !== undefined && props.unlinked > 0 && props.onLink && (
        <p class="task-unlinked">
          <span>{t('task.unlinked', { n: props.unlinked })}</span>
          <button type="button" class="secondary" onClick={props.onLink}>
            {t('task.link')}
          </button>
        </p>
      )}
    </article>
  );
}
