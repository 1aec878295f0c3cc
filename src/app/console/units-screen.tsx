import { useEffect, useRef, useState } from 'preact/hooks';
import { formatDateTimeVi, formatNumberVi } from '../../shared/format';
import type { Role } from '../../shared/sync';
import { indexUnits, subtreeOf, UNIT_KIND_LABELS, type Unit, type UnitKind } from '../../shared/unit';
import type { EnrollmentCode } from '../sync/console-api';
import type { ConsoleContext } from './console-app';
import { tx } from '../i18n/messages';
import { ct } from './messages';
import { useLoad } from './use-load';

/** A QR code of a link, drawn by the qrcode package loaded only when a code is made. */
function QrImage(props: { text: string; size?: number }) {
  const size = props.size ?? 220;
  const qr = useLoad(async () => {
    const { toDataURL } = await import('qrcode');
    return toDataURL(props.text, { margin: 1, width: size, errorCorrectionLevel: 'M' });
  }, [props.text, size]);
  if (!qr.value) return <p>{qr.error ?? ct('loading')}</p>;
  return <img class="qr" src={qr.value} width={size} height={size} alt={props.text} />;
}

function UnitNode(props: {
  unit: Unit;
  childrenOf: ReadonlyMap<string | null, readonly Unit[]>;
  open: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onCode: (unit: Unit) => void;
  phones: ReadonlyMap<string, number>;
}) {
  const children = props.childrenOf.get(props.unit.id) ?? [];
  const isOpen = props.open.has(props.unit.id);
  const phones = props.phones.get(props.unit.id) ?? 0;
  return (
    <li>
      <div class="unit-line">
        {children.length > 0 ? (
          <button
            type="button"
            class="toggle"
            aria-expanded={isOpen}
            aria-label={isOpen ? ct('units.collapse') : ct('units.expand')}
            onClick={() => props.onToggle(props.unit.id)}
          >
            {isOpen ? '▾' : '▸'}
          </button>
        ) : (
          <span class="toggle" />
        )}
        <span class="unit-name">
          {props.unit.name}
          <small>
            {tx(UNIT_KIND_LABELS[props.unit.kind])}
            {phones > 0 && ` · ${ct('units.phoneCount', { n: phones })}`}
          </small>
        </span>
        <button type="button" onClick={() => props.onCode(props.unit)}>
          {ct('units.code')}
        </button>
      </div>
      {isOpen && children.length > 0 && (
        <ul>
          {children.map((child) => (
            <UnitNode key={child.id} {...props} unit={child} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** The unit tree, enrollment codes (text, link, QR) and the list of phones with revoke. */
export function UnitsScreen(props: { ctx: ConsoleContext }) {
  const { ctx } = props;
  const index = indexUnits(ctx.units);
  const [open, setOpen] = useState<Set<string>>(() => new Set([ctx.root.id]));
  const [target, setTarget] = useState<Unit | null>(null);
  const [role, setRole] = useState<Role>('reporter');
  const [code, setCode] = useState<(EnrollmentCode & { unit: Unit; role: Role }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [batchKind, setBatchKind] = useState<UnitKind | ''>('');
  const [batch, setBatch] = useState<(EnrollmentCode & { unit: Unit; role: Role })[] | null>(null);
  const [batchBusy, setBatchBusy] = useState(false);
  // Units below are usually staffed by reporters (a station, a post office, a commune officer),
  // whatever role suits the unit chosen in the tree.
  const [batchRole, setBatchRole] = useState<Role>('reporter');
  const devices = useLoad(() => ctx.api.listDevices(), [ctx.api]);
  const phones = new Map<string, number>();
  for (const d of devices.value ?? []) if (!d.revokedAt) phones.set(d.unitId, (phones.get(d.unitId) ?? 0) + 1);

  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const make = async () => {
    if (!target) return;
    setError(null);
    try {
      const made = await ctx.api.makeEnrollmentCode(target.id, role);
      setCode({ ...made, unit: target, role });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  // The sheet is drawn below the tree, far from the button that made it: take the officer there
  // as soon as its first code shows.
  const sheet = useRef<HTMLElement>(null);
  const sheetShown = (batch?.length ?? 0) > 0;
  useEffect(() => {
    if (sheetShown) sheet.current?.scrollIntoView({ block: 'start' });
  }, [sheetShown]);
  const below = target ? subtreeOf(index, target.id).filter((u) => u.id !== target.id) : [];
  const kindsBelow = [...new Set(below.map((u) => u.kind))];
  // One code per unit of a kind (every commune's station, say), for a sheet printed in one go.
  const makeBatch = async () => {
    if (!target || !batchKind) return;
    setBatchBusy(true);
    setError(null);
    try {
      const made: (EnrollmentCode & { unit: Unit; role: Role })[] = [];
      for (const unit of below.filter((u) => u.kind === batchKind)) {
        made.push({ ...(await ctx.api.makeEnrollmentCode(unit.id, batchRole)), unit, role: batchRole });
        setBatch([...made]);
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBatchBusy(false);
    }
  };
  const [imported, setImported] = useState<string | null>(null);
  const importFile = async (file: File | undefined) => {
    if (!file) return;
    setImported(null);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await file.text());
    } catch {
      setError(ct('units.importNotJson'));
      return;
    }
    try {
      const outcome = await ctx.api.importActivities(parsed);
      setImported(ct('units.importDone', { ...outcome }));
      devices.reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const revoke = async (id: string, name: string, unitName: string) => {
    if (!confirm(ct('units.revokeConfirm', { name, unit: unitName }))) return;
    try {
      await ctx.api.revokeDevice(id);
      devices.reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section class="units-screen">
      <div class={batch && batch.length > 0 ? 'two-col no-print' : 'two-col'}>
        <div class="no-print">
          <h2>{ct('units.tree')}</h2>
          <ul class="unit-tree">
            <UnitNode
              unit={ctx.root}
              childrenOf={index.childrenOf}
              open={open}
              onToggle={toggle}
              onCode={(unit) => {
                setTarget(unit);
                setCode(null);
                setRole(unit.kind === 'district' || unit.kind === 'province' ? 'supervisor' : 'reporter');
              }}
              phones={phones}
            />
          </ul>
          <AddAgency ctx={ctx} />
        </div>
        <div>
          {target && (
            <div class="code-panel">
              <h2>{ct('units.codeFor', { unit: target.name })}</h2>
              <label class="no-print">
                {ct('units.role')}{' '}
                <select value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value as Role)}>
                  <option value="reporter">{ct('role.reporter')}</option>
                  <option value="supervisor">{ct('role.supervisor')}</option>
                </select>
              </label>{' '}
              <button type="button" class="primary no-print" onClick={() => void make()}>
                {ct('units.make')}
              </button>
              {code && code.unit.id === target.id && (
                <div class="code-card">
                  <p class="code-text">{ct('units.codeText', { code: code.code })}</p>
                  <p>
                    {ct('units.codeLink')}: <a href={code.url}>{code.url}</a>
                  </p>
                  <QrImage text={code.url} />
                  <p>
                    <small>
                      {code.unit.name} · {ct(`role.${code.role}`)} ·{' '}
                      {ct('units.codeExpires', { time: formatDateTimeVi(code.expiresAt) })}
                    </small>
                  </p>
                  <button type="button" class="no-print" onClick={() => print()}>
                    {ct('units.print')}
                  </button>
                </div>
              )}
              {kindsBelow.length > 0 && (
                <div class="batch no-print">
                  <label>
                    {ct('units.batch')}{' '}
                    <select
                      value={batchKind}
                      onChange={(e) => setBatchKind((e.target as HTMLSelectElement).value as UnitKind | '')}
                    >
                      <option value="">—</option>
                      {kindsBelow.map((k) => (
                        <option key={k} value={k}>
                          {tx(UNIT_KIND_LABELS[k])} ({below.filter((u) => u.kind === k).length})
                        </option>
                      ))}
                    </select>
                  </label>{' '}
                  <select
                    aria-label={ct('units.role')}
                    value={batchRole}
                    onChange={(e) => setBatchRole((e.target as HTMLSelectElement).value as Role)}
                  >
                    <option value="reporter">{ct('role.reporter')}</option>
                    <option value="supervisor">{ct('role.supervisor')}</option>
                  </select>{' '}
                  <button type="button" disabled={!batchKind || batchBusy} onClick={() => void makeBatch()}>
                    {batchBusy ? ct('loading') : ct('units.make')}
                  </button>
                </div>
              )}
            </div>
          )}
          {error && (
            <p class="console-error" role="alert">
              {ct('error', { reason: error })}
            </p>
          )}
        </div>
      </div>

      {batch && batch.length > 0 && (
        <section class="code-sheet" ref={sheet}>
          <div class="toolbar no-print">
            <strong>{ct('units.batchMade', { n: batch.length })}</strong>
            <button type="button" class="primary" disabled={batchBusy} onClick={() => print()}>
              {ct('units.print')}
            </button>
          </div>
          <div class="code-grid">
            {batch.map((item) => (
              <div class="code-card small" key={item.unit.id}>
                <strong>{item.unit.name}</strong>
                <p class="code-text">{item.code}</p>
                <QrImage text={item.url} size={140} />
                <small>
                  {ct(`role.${item.role}`)} · {ct('units.codeExpires', { time: formatDateTimeVi(item.expiresAt) })}
                </small>
              </div>
            ))}
          </div>
        </section>
      )}

      <h2 class="no-print">{ct('units.phones')}</h2>
      {devices.error && <p class="console-error">{ct('error', { reason: devices.error })}</p>}
      {devices.value && devices.value.length === 0 && <p>{ct('units.noPhones')}</p>}
      {devices.value && devices.value.length > 0 && (
        <div class="table-wrap no-print">
          <table class="data phones">
            <thead>
              <tr>
                <th>{ct('units.phone')}</th>
                <th>{ct('units.unit')}</th>
                <th>{ct('units.role')}</th>
                <th>{ct('units.lastSync')}</th>
                <th>{ct('units.pending')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {devices.value.map((d) => (
                <tr key={d.id} class={d.revokedAt ? 'voided' : d.pending > 0 ? 'has-pending' : ''}>
                  <td>{d.name}</td>
                  <td>{d.unitName}</td>
                  <td>{ct(`role.${d.role}`)}</td>
                  <td>{d.lastSyncAt ? formatDateTimeVi(d.lastSyncAt) : ct('dash.neverSynced')}</td>
                  <td class={d.pending > 0 ? 'r cell-pending' : 'r'}>{formatNumberVi(d.pending)}</td>
                  <td>
                    {d.revokedAt ? (
                      ct('units.revoked')
                    ) : (
                      <button type="button" class="danger" onClick={() => void revoke(d.id, d.name, d.unitName)}>
                        {ct('units.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 class="no-print">{ct('units.importTitle')}</h2>
      <p class="no-print">{ct('units.importHelp')}</p>
      <input
        class="no-print"
        type="file"
        accept=".json,application/json"
        aria-label={ct('units.importTitle')}
        onChange={(e) => void importFile((e.currentTarget as HTMLInputElement).files?.[0])}
      />
      {imported && (
        <p class="console-ok" role="status">
          {imported}
        </p>
      )}
    </section>
  );
}

/** Adds an agency (Đài PT-TH, Báo, Sở…) under the supervisor's unit, so plans' leads can name it. */
function AddAgency(props: { ctx: ConsoleContext }) {
  const { ctx } = props;
  const [name, setName] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const add = async () => {
    setMessage(null);
    setError(null);
    try {
      const unit = await ctx.api.createUnit({ parentId: ctx.root.id, name: name.trim(), kind: 'agency' });
      setMessage(ct('units.agencyAdded', { name: unit.name }));
      setName('');
      ctx.reloadUnits?.();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <form
      class="add-agency no-print"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim() !== '') void add();
      }}
    >
      <label>
        {ct('units.agencyName', { unit: ctx.root.name })}{' '}
        <input value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
      </label>{' '}
      <button type="submit" disabled={name.trim() === ''}>
        {ct('units.addAgency')}
      </button>
      {message && <p class="console-ok">{message}</p>}
      {error && <p class="console-error">{error}</p>}
    </form>
  );
}
