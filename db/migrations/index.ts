import { migration0001 } from './0001_initial';
import { migration0002 } from './0002_customer_status_index';
import { migration0003 } from './0003_customer_birth_date_index';
import { migration0004 } from './0004_consent_events';
import { migration0005 } from './0005_segments';
import { migration0006 } from './0006_orders_loyalty';
import { migration0007 } from './0007_duplicates_and_merges';
import { migration0008 } from './0008_customer_created_index';
import { migration0009 } from './0009_customer_profile';
import { migration0010 } from './0010_custom_fields';
import { migration0011 } from './0011_users';
import { migration0012 } from './0012_insight_indexes';
import { migration0013 } from './0013_customer_counts';
import { migration0014 } from './0014_list_flag_index';
import { migration0015 } from './0015_secrets';
import { migration0016 } from './0016_outbox_row_index';
import type { Migration } from './migration';

/** A static list (no folder read at run time, so the bundle carries them). Strictly increasing. */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
  migration0011,
  migration0012,
  migration0013,
  migration0014,
  migration0015,
  migration0016,
];
