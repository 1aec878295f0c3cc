/** The importer's output: a plan's header and its proposed tasks, for a person to review. */
import type { Indicator, PlanSchedule, Task } from '../plan';

/**
 * The words of the plan each field of a task was read from, cell by cell as written (one line a
 * cell), so the reviewer sees them beside what the importer made of them. Empty when absent.
 */
export interface TaskSource {
  title: string;
  products: string;
  lead: string;
  cooperating: string;
  timing: string;
  budget: string;
}

/** A proposed task: a `Task` without its id (the console adds it), with the words it was read from. */
export type ImportedTask = Omit<Task, 'id'> & { source: TaskSource };

/** What the importer read from a plan document. */
export interface ImportedPlan {
  number: string | null;
  title: string;
  issuer: string | null;
  year: number;
  issuedOn: string | null;
  tasks: ImportedTask[];
  /** The plan's indicators ("Chỉ tiêu cụ thể"), as definitions a person reviews. */
  indicators: Indicator[];
  /** When the plan asks for reports, and the deadlines it sets. */
  schedule: PlanSchedule;
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
