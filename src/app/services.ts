import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { type AppDatabase, openAppDatabase } from './db/database';
import { SyncScheduler } from './sync/scheduler';
import { sameOriginTransport, type Transport } from './sync/transport';

/** What every page needs: the local database and the sync scheduler. */
export interface Services {
  db: AppDatabase;
  transport: Transport;
  scheduler: SyncScheduler;
}

/** Builds the services of the running app (same-origin API). */
export function createServices(dbName?: string): Services {
  const db = openAppDatabase(dbName);
  const transport = sameOriginTransport();
  return { db, transport, scheduler: new SyncScheduler(db, transport) };
}

/** The services of the page, provided by the shell. */
export const ServicesContext = createContext<Services | null>(null);

/** The services of the page. */
export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('ServicesContext missing');
  return services;
}
