/** The importer's output: a plan's header and its proposed tasks, for a person to review. */
import type { Task } from '../plan';

/** A proposed task: a `Task` without its id, which the console adds on publishing. */
export type ImportedTask = Omit<Task, 'id'>;

/** What the importer read from a plan document. */
export interface ImportedPlan {
  number: string | null;
  title: string;
  issuer: string | null;
  year: number;
  issuedOn: string | null;
  tasks: ImportedTask[];
  /** Vietnamese sentences for the reviewer: what could not be read and what was guessed. */
  warnings: string[];
}

/** The header of a plan: what the importer reads before its tasks. */
export interface PlanHeader {
  number: string | null;
  title: string;
  issuer: string | null;
  year: number | null;
  issuedOn: string | null;
}
