import { useEffect, useRef, useState } from 'preact/hooks';
import type { ActivityKind } from '../../shared/activity';
import { formatDateVi } from '../../shared/format';
import { type MessageKey, t } from '../i18n/messages';
import { TIMES_OF_DAY } from './describe';

/** What the form edits, as the person typed it. */
export interface FormValues {
  date: string;
  title: string;
  timeOfDay: string;
  minutes: string;
  source: 'own' | 'relay';
  direction: 'received' | 'distributed';
  copies: string;
  participants: string;
  sessions: string;
  items: string;
  taskId: string;
  topics: string;
  note: string;
  location: { lat: number; lon: number } | null;
}

/** A task the entry may count toward. */
export interface TaskChoice {
  id: string;
  planId: string;
  title: string;
  /** True when the task asks for this kind of activity (proposed first). */
  suggested: boolean;
}

function Field(props: { label: string; children: preact.ComponentChildren; error?: string | undefined }) {
  // The control is passed as children, which the linter cannot see.
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the input is a child
    <label class={`field ${props.error ? 'invalid' : ''}`}>
      <span>{props.label}</span>
      {props.children}
      {props.error && <small class="error">{props.error}</small>}
    </label>
  );
}

function Choice<T extends string>(props: {
  label: string;
  value: T;
  options: readonly T[];
  labelOf: (value: T) => string;
  onChange: (value: T) => void;
}) {
  return (
    <fieldset class="choice">
      <legend>{props.label}</legend>
      <div class="segmented">
        {props.options.map((option) => (
          <button
            type="button"
            key={option}
            aria-pressed={props.value === option}
            class={props.value === option ? 'on' : ''}
            onClick={() => props.onChange(option)}
          >
            {props.labelOf(option)}
          </button>
        ))}
      </div>
    </fieldset>
  );
}

/** Problems of the typed values, by field; empty when the entry can be saved. */
export function validateForm(kind: ActivityKind, v: FormValues): Partial<Record<keyof FormValues, string>> {
  const errors: Partial<Record<keyof FormValues, string>> = {};
  const whole = (text: string, min: number) => /^\d+$/.test(text.trim()) && Number(text) >= min;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v.date)) errors.date = t('form.required', { field: t('form.date').toLowerCase() });
  if (v.title.trim() === '')
    errors.title = t('form.required', { field: t(kind === 'material' ? 'form.what' : 'form.title').toLowerCase() });
  if (kind === 'material' && !whole(v.copies, 1)) errors.copies = t('form.positive', { field: t('form.copies') });
  if (kind === 'broadcast' && v.minutes.trim() !== '' && !(Number(v.minutes) >= 0 && Number(v.minutes) <= 1440))
    errors.minutes = t('form.positive', { field: t('form.minutes') });
  if (['training', 'meeting', 'contest'].includes(kind) && v.participants.trim() !== '' && !whole(v.participants, 0))
    errors.participants = t('form.positive', { field: t('form.participants') });
  return errors;
}

/** The form of one kind of activity; it knows nothing of storage. */
export function EntryForm(props: {
  kind: ActivityKind;
  initial: FormValues;
  tasks: TaskChoice[];
  heading: string;
  busy: boolean;
  message: string | null;
  canLocate: boolean;
  onLocate: () => Promise<{ lat: number; lon: number } | null>;
  onSave: (values: FormValues) => void;
  onCancel: () => void;
}) {
  const [v, setV] = useState<FormValues>(props.initial);
  const messageRef = useRef<HTMLParagraphElement>(null);
  // A refusal (storage full, a figure out of range) is shown below the fields: bring it into view,
  // or the person sees the form unchanged and thinks the entry was saved.
  useEffect(() => {
    if (props.message) messageRef.current?.scrollIntoView({ block: 'center' });
  }, [props.message]);
  const [errors, setErrors] = useState<Partial<Record<keyof FormValues, string>>>({});
  const [locating, setLocating] = useState<'idle' | 'ok' | 'failed'>(props.initial.location ? 'ok' : 'idle');
  const set = (patch: Partial<FormValues>) => setV((old) => ({ ...old, ...patch }));
  const input = (key: keyof FormValues) => (e: Event) => set({ [key]: (e.target as HTMLInputElement).value });
  const kind = props.kind;
  const counted = kind === 'training' || kind === 'meeting' || kind === 'contest';
  const suggested = props.tasks.filter((task) => task.suggested);
  const others = props.tasks.filter((task) => !task.suggested);

  const submit = (e: Event) => {
    e.preventDefault();
    const found = validateForm(kind, v);
    const valid = Object.keys(found).length === 0;
    // A valid form is left for the log at once: re-rendering it to clear no errors is wasted work
    // on the way to showing the saved entry.
    if (!valid || Object.keys(errors).length > 0) setErrors(found);
    if (valid) props.onSave(v);
  };

  return (
    <form class="entry-form" onSubmit={submit} noValidate>
      <h2>{props.heading}</h2>
      <Field label={t('form.date')} error={errors.date}>
        <input type="date" name="date" value={v.date} onInput={input('date')} required />
        {/^\d{4}-\d{2}-\d{2}$/.test(v.date) && <small class="date-words">{formatDateVi(v.date)}</small>}
      </Field>
      {kind === 'broadcast' && (
        <>
          <Choice
            label={t('form.timeOfDay')}
            value={v.timeOfDay as (typeof TIMES_OF_DAY)[number]}
            options={TIMES_OF_DAY}
            labelOf={(o) => t(`time.${o}`)}
            onChange={(timeOfDay) => set({ timeOfDay })}
          />
          <Field label={t('form.minutes')} error={errors.minutes}>
            <input
              type="number"
              inputMode="numeric"
              name="minutes"
              min={0}
              max={1440}
              value={v.minutes}
              onInput={input('minutes')}
            />
          </Field>
          <Choice
            label={t('form.source')}
            value={v.source}
            options={['own', 'relay'] as const}
            labelOf={(o) => t(`form.source.${o}`)}
            onChange={(source) => set({ source })}
          />
        </>
      )}
      {kind === 'material' && (
        <>
          <Choice
            label={t('form.direction')}
            value={v.direction}
            options={['received', 'distributed'] as const}
            labelOf={(o) => t(`form.direction.${o}`)}
            onChange={(direction) => set({ direction })}
          />
          <Field label={t('form.copies')} error={errors.copies}>
            <input type="number" inputMode="numeric" name="copies" min={1} value={v.copies} onInput={input('copies')} />
          </Field>
        </>
      )}
      {counted && (
        <Field label={t('form.participants')} error={errors.participants}>
          <input
            type="number"
            inputMode="numeric"
            name="participants"
            min={0}
            value={v.participants}
            onInput={input('participants')}
          />
        </Field>
      )}
      <Field label={t(kind === 'material' ? 'form.what' : 'form.title')} error={errors.title}>
        <input
          type="text"
          name="title"
          value={v.title}
          placeholder={kind === 'broadcast' ? t('form.titleHint.broadcast') : ''}
          onInput={input('title')}
        />
      </Field>
      {props.tasks.length > 0 && (
        <Field label={t('form.task')}>
          <select name="taskId" value={v.taskId} onChange={input('taskId')}>
            <option value="">{t('form.noTask')}</option>
            {suggested.map((task) => (
              <option key={task.id} value={task.id}>
                ★ {task.title}
              </option>
            ))}
            {others.map((task) => (
              <option key={task.id} value={task.id}>
                {task.title}
              </option>
            ))}
          </select>
        </Field>
      )}
      <details class="more">
        <summary>{t('form.more')}</summary>
        <Field label={t('form.topics')}>
          <input type="text" name="topics" value={v.topics} onInput={input('topics')} />
        </Field>
        <Field label={t('form.note')}>
          <textarea name="note" rows={2} value={v.note} onInput={input('note')} />
        </Field>
        {props.canLocate && (
          <button
            type="button"
            class="secondary"
            onClick={async () => {
              const location = await props.onLocate();
              set({ location });
              setLocating(location ? 'ok' : 'failed');
            }}
          >
            {locating === 'ok'
              ? `✓ ${t('form.locationOk')}`
              : locating === 'failed'
                ? t('form.locationFailed')
                : t('form.location')}
          </button>
        )}
      </details>
      {props.message && (
        <p class="form-message" role="alert" ref={messageRef}>
          {props.message}
        </p>
      )}
      <div class="form-actions">
        <button type="button" class="secondary" onClick={props.onCancel}>
          {t('form.cancel')}
        </button>
        {/* The tap is handled here, not by the form's submission (Enter still clicks this button):
            a slow phone spent ~10 ms in the browser's own submission steps before "submit". */}
        <button type="submit" class="primary big" disabled={props.busy} onClick={submit}>
          {props.busy ? t('form.saving') : t('form.save')}
        </button>
      </div>
    </form>
  );
}

/** The catalogue key of a kind's name. */
export function kindKey(kind: ActivityKind): MessageKey {
  return `kind.${kind}`;
}
