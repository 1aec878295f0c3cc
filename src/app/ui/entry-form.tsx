import { useEffect, useRef, useState } from 'preact/hooks';
import type { ActivityKind } from '../../shared/activity';
import { formatDateVi, formatNumberVi } from '../../shared/format';
import { kindDefinition, type NumberField } from '../../shared/kinds';
import { t, tx } from '../i18n/messages';

/**
 * What the form edits, as the person typed it: the entry's fields, and each figure of the kind by
 * its name (numbers as typed, choices as their ids).
 */
export interface FormValues {
  date: string;
  title: string;
  taskId: string;
  topics: string;
  note: string;
  location: { lat: number; lon: number } | null;
  [figure: string]: string | { lat: number; lon: number } | null;
}

/** A figure as typed: its text ('' when none). */
export function figureText(values: FormValues, name: string): string {
  const value = values[name];
  return typeof value === 'string' ? value : '';
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
function validateForm(kind: ActivityKind, v: FormValues): Partial<Record<string, string>> {
  const errors: Partial<Record<string, string>> = {};
  const definition = kindDefinition(kind)!;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v.date)) errors.date = t('form.required', { field: t('form.date').toLowerCase() });
  if (v.title.trim() === '') errors.title = t('form.required', { field: titleLabel(kind).toLowerCase() });
  for (const field of definition.fields) {
    if (field.type !== 'number' || !field.asked) continue;
    const text = figureText(v, field.name).trim();
    if (text === '') {
      if (field.required) errors[field.name] = numberMessage(field);
      continue;
    }
    const value = Number(text);
    const fits = field.integer ? /^\d+$/.test(text) : /^\d+([.,]\d+)?$/.test(text);
    if (!fits || value < field.min || value > field.max) {
      errors[field.name] = numberMessage(field);
      continue;
    }
    const bound = field.atMost ? Number(figureText(v, field.atMost)) : Number.NaN;
    if (value > bound) {
      const other = definition.fields.find((f) => f.name === field.atMost)!;
      errors[field.name] = t('form.atMost', { field: tx(field.label), other: tx(other.label).toLowerCase() });
    }
  }
  return errors;
}

function numberMessage(field: NumberField): string {
  return field.integer
    ? t('form.positive', { field: tx(field.label) })
    : t('form.range', { field: tx(field.label), min: formatNumberVi(field.min), max: formatNumberVi(field.max) });
}

/** The title box's label: "Nội dung, tiêu đề", or what the kind calls it ("Tài liệu gì…"). */
function titleLabel(kind: ActivityKind): string {
  const own = kindDefinition(kind)?.title?.label;
  return own ? tx(own) : t('form.title');
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
  /** The entry's photos and files, stored on their own as they are added. */
  attachments?: preact.ComponentChildren;
}) {
  const [v, setV] = useState<FormValues>(props.initial);
  const messageRef = useRef<HTMLParagraphElement>(null);
  // A refusal (storage full, a figure out of range) is shown below the fields: bring it into view,
  // or the person sees the form unchanged and thinks the entry was saved.
  useEffect(() => {
    if (props.message) messageRef.current?.scrollIntoView({ block: 'center' });
  }, [props.message]);
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [locating, setLocating] = useState<'idle' | 'ok' | 'failed'>(props.initial.location ? 'ok' : 'idle');
  const set = (patch: Record<string, string | FormValues['location']>) => setV((old) => ({ ...old, ...patch }));
  const input = (key: string) => (e: Event) => set({ [key]: (e.target as HTMLInputElement).value });
  const kind = props.kind;
  const definition = kindDefinition(kind)!;
  const hint = definition.title?.hint;
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
      {definition.fields.map((field) => {
        if (!field.asked) return null;
        if (field.type === 'choice') {
          const ids = field.options.map((o) => o.id);
          const value = figureText(v, field.name);
          return (
            <Choice
              key={field.name}
              label={tx(field.label)}
              value={ids.includes(value) ? value : (field.initial ?? field.default ?? '')}
              options={ids}
              labelOf={(id) => tx(field.options.find((o) => o.id === id)!.label)}
              onChange={(chosen) => set({ [field.name]: chosen })}
            />
          );
        }
        if (field.type !== 'number') return null;
        return (
          <Field key={field.name} label={tx(field.label)} error={errors[field.name]}>
            <input
              type="number"
              inputMode={field.integer ? 'numeric' : 'decimal'}
              name={field.name}
              min={field.min}
              max={field.max}
              value={figureText(v, field.name)}
              onInput={input(field.name)}
            />
          </Field>
        );
      })}
      <Field label={titleLabel(kind)} error={errors.title}>
        <input type="text" name="title" value={v.title} placeholder={hint ? tx(hint) : ''} onInput={input('title')} />
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
      {props.attachments}
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
