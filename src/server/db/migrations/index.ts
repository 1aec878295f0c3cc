import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001-initial';
import * as changeAuthor from './0002-change-author';
import * as syncResults from './0003-sync-results';
import * as pullIndexes from './0004-pull-indexes';
import * as halfMonthFacts from './0005-half-month-facts';
import * as syncResultBatches from './0006-sync-result-batches';
import * as reportRollups from './0007-report-rollups';
import * as planChangesIndex from './0008-plan-changes-index';
import * as deviceKinds from './0009-device-kinds';
import * as taskSpent from './0010-task-spent';
import * as activityHistory from './0011-activity-history';
import * as files from './0012-files';
import * as content from './0014-content';
import * as periodSignoff from './0015-period-signoff';
import * as planIndicators from './0016-plan-indicators';
import * as unitSuccessions from './0017-unit-successions';

/** The migrations in order; named by their file so the Migrator records them stably. */
export const migrationProvider: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return {
      '0001-initial': initial,
      '0002-change-author': changeAuthor,
      '0003-sync-results': syncResults,
      '0004-pull-indexes': pullIndexes,
      '0005-half-month-facts': halfMonthFacts,
      '0006-sync-result-batches': syncResultBatches,
      '0007-report-rollups': reportRollups,
      '0008-plan-changes-index': planChangesIndex,
      '0009-device-kinds': deviceKinds,
      '0010-task-spent': taskSpent,
      '0011-activity-history': activityHistory,
      '0012-files': files,
      '0014-content': content,
      '0015-period-signoff': periodSignoff,
      '0016-plan-indicators': planIndicators,
      '0017-unit-successions': unitSuccessions,
    };
  },
};
