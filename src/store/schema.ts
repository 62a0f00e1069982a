/**
 * The database as Kysely sees it. Frozen column types, the same on both dialects after the
 * store boundary: ids are app-generated text; timestamps are ISO-8601 UTC strings (text on
 * SQLite, timestamptz on PostgreSQL, read back as ISO strings); flags are 0/1 integers; JSON
 * is text.
 */
export interface Database {
  app_settings: { key: string; value: string };
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  occurrences: OccurrencesTable;
  occurrence_search_terms: OccurrenceSearchTermsTable;
  reference_sequences: ReferenceSequencesTable;
  log_entries: LogEntriesTable;
  log_head: LogHeadTable;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  role: string;
  rank: string;
  district: string | null;
  unit: string;
  password_hash: string;
  failed_sign_ins: number;
  locked_until: string | null;
  active: number;
  created_at: string;
  version: number;
}

export interface SessionsTable {
  sid: string;
  data: string;
  user_id: string | null;
  expires_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  token_hash: string;
  label: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface OccurrencesTable {
  id: string;
  reference: string;
  district: string;
  received_at: string;
  channel: string;
  call_grade: string;
  location: string;
  first_account: string;
  status: string;
  restricted: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface OccurrenceSearchTermsTable {
  term: string;
  occurrence_id: string;
  received_at: string;
}

export interface ReferenceSequencesTable {
  district: string;
  year: number;
  last_value: number;
}

export interface LogEntriesTable {
  seq: number;
  id: string;
  at: string;
  actor_id: string | null;
  actor_name: string;
  actor_role: string | null;
  kind: string;
  subject_type: string;
  subject_id: string;
  occurrence_id: string | null;
  action: string;
  changes: string;
  reason: string | null;
  requirements: string;
  prev_hash: string;
  hash: string;
}

export interface LogHeadTable {
  id: number;
  last_seq: number;
  last_hash: string;
}
