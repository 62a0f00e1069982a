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
  idempotency_keys: IdempotencyKeysTable;
  people: PeopleTable;
  person_markers: PersonMarkersTable;
  parties: PartiesTable;
  incidents: IncidentsTable;
  classification_assessments: ClassificationAssessmentsTable;
  risk_assessments: RiskAssessmentsTable;
  checklist_items: ChecklistItemsTable;
  tasks: TasksTable;
  video_interviews: VideoInterviewsTable;
  victim_positions: VictimPositionsTable;
  investigation_plan_items: InvestigationPlanItemsTable;
  suspect_actions: SuspectActionsTable;
  victim_contacts: VictimContactsTable;
  referrals: ReferralsTable;
  person_flags: PersonFlagsTable;
  spo_cases: SpoCasesTable;
  spo_visits: SpoVisitsTable;
  spo_management_packs: SpoManagementPacksTable;
  spo_reviews: SpoReviewsTable;
  intelligence_submissions: IntelligenceSubmissionsTable;
  scu_case_reviews: ScuCaseReviewsTable;
  threat_communications: ThreatCommunicationsTable;
  occurrence_retention: OccurrenceRetentionTable;
  retention_reviews: RetentionReviewsTable;
}

/** DI-02: an emerging threat communicated to the district senior leadership team and the SCU. */
export interface ThreatCommunicationsTable {
  id: string;
  threat_key: string;
  threat_kind: string;
  person_id: string | null;
  /** JSON: the occurrences the threat concerns. */
  occurrence_ids: string;
  summary: string;
  district: string;
  slt_recipient: string;
  scu_recipient: string;
  method: string;
  communicated_at: string;
  message: string;
  /** JSON: requirement IDs. */
  requirements: string;
  recorded_by: string;
  recorded_at: string;
}

/** 0008: MoPI retention of an occurrence; the tombstone of an erased one (erased_at, erased_by, erasure_reason). */
export interface OccurrenceRetentionTable {
  occurrence_id: string;
  mopi_group: number;
  because: string;
  review_from: string;
  review_due_on: string;
  retain_until: string | null;
  next_review_set_on: string | null;
  computed_at: string;
  erased_at: string | null;
  erased_by: string | null;
  erasure_reason: string | null;
}

/** 0008: a retention review: retain (with the next review date) or erase, with the reason. */
export interface RetentionReviewsTable {
  id: string;
  occurrence_id: string;
  decision: string;
  reason: string;
  mopi_group: number;
  next_review_on: string | null;
  reviewed_by: string;
  reviewed_at: string;
}

export interface SpoCasesTable {
  id: string;
  occurrence_id: string;
  respondent_person_id: string;
  status: string;
  consideration: string;
  referral: string | null;
  scu_decision: string | null;
  application: string | null;
  authority: string | null;
  court: string | null;
  order_type: string | null;
  granted_on: string | null;
  expires_on: string | null;
  terms: string | null;
  offender_manager_id: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  version: number;
  /** 0007: SP-07 plan, SP-14 terms history, SP-09 renewal request, SP-11/SP-12 moves, SP-13 discharge (JSON). */
  management_plan?: string | null;
  term_history?: string | null;
  renewal?: string | null;
  moves?: string | null;
  discharge?: string | null;
}

/** SP-07: one row per version of the subject management pack. */
export interface SpoManagementPacksTable {
  id: string;
  spo_id: string;
  version: number;
  names: string;
  home_address: string;
  requirements: string;
  changed: string;
  recorded_by: string;
  recorded_at: string;
}

/** SP-10: a supervisor review with the five review points (JSON). */
export interface SpoReviewsTable {
  id: string;
  spo_id: string;
  reviewed_on: string;
  risk_level: string;
  points: string;
  next_review_due: string | null;
  recorded_by: string;
  recorded_at: string;
}

export interface SpoVisitsTable {
  id: string;
  spo_id: string;
  visited_on: string;
  kind: string;
  note: string;
  recorded_by: string;
  recorded_at: string;
}

export interface PersonFlagsTable {
  id: string;
  person_id: string;
  occurrence_id: string | null;
  reason: string;
  notify: string;
  starts_on: string;
  expires_on: string;
  status: string;
  review_outcome: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  version: number;
}

export interface InvestigationPlanItemsTable {
  id: string;
  occurrence_id: string;
  line: string;
  requirement: string;
  status: string;
  note: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
}

export interface SuspectActionsTable {
  id: string;
  occurrence_id: string;
  action: string;
  conditions: string | null;
  bail_expires_on: string | null;
  victim_consulted: number;
  note: string | null;
  at: string;
  recorded_by: string;
}

export interface VictimContactsTable {
  id: string;
  occurrence_id: string;
  task_id: string | null;
  method: string;
  outcome: string;
  note: string | null;
  at: string;
  recorded_by: string;
}

export interface ReferralsTable {
  id: string;
  occurrence_id: string;
  kind: string;
  requirement: string;
  status: string;
  reason: string | null;
  note: string | null;
  updated_at: string;
  updated_by: string;
}

export interface PeopleTable {
  id: string;
  surname: string | null;
  forenames: string | null;
  date_of_birth: string | null;
  address: string | null;
  postcode: string | null;
  phone: string | null;
  description: string | null;
  surname_key: string | null;
  created_at: string;
  created_by: string;
  version: number;
}

export interface PersonMarkersTable {
  id: string;
  person_id: string;
  marker: string;
  note: string | null;
  created_at: string;
  created_by: string;
}

export interface PartiesTable {
  id: string;
  occurrence_id: string;
  person_id: string;
  role: string;
  capacity: string | null;
  created_at: string;
  created_by: string;
  /** Set when the person was added in error: the row and the log stay, the case leaves them out. */
  removed_in_error_at?: string | null;
  removed_in_error_by?: string | null;
}

export interface IncidentsTable {
  id: string;
  occurrence_id: string;
  occurred_at: string;
  place: string;
  act_type: string;
  channel: string;
  description: string;
  created_at: string;
  created_by: string;
}

export interface ClassificationAssessmentsTable {
  id: string;
  occurrence_id: string;
  answers: string;
  proposed_classification: string;
  proposed_offence: string | null;
  confirmed_offence: string | null;
  difference_reason: string | null;
  other_offences: string;
  principal_crime: string | null;
  assessed_by: string;
  assessed_at: string;
}

export interface RiskAssessmentsTable {
  id: string;
  occurrence_id: string;
  sequence: number;
  question_set: string;
  answers: string;
  screening: string | null;
  context: string;
  victim_engaged: number;
  non_engagement_note: string | null;
  grade: string;
  officer_grade: string;
  result: string;
  assessed_by: string;
  assessed_at: string;
  endorsed_by: string | null;
  endorsed_at: string | null;
  endorsed_grade: string | null;
  endorsement_note: string | null;
  version: number;
}

export interface ChecklistItemsTable {
  occurrence_id: string;
  item_key: string;
  status: string;
  reason: string | null;
  updated_by: string;
  updated_at: string;
}

export interface TasksTable {
  id: string;
  occurrence_id: string | null;
  action: string;
  title: string;
  requirement: string;
  assignee_role: string | null;
  assignee_user_id: string | null;
  district: string | null;
  due_at: string;
  status: string;
  created_at: string;
  completed_at: string | null;
  completed_by: string | null;
  outcome_note: string | null;
  /**
   * 1 while the task's occurrence is restricted (ID-08), kept by the tasks and occurrences
   * repositories (never set by callers), so a worklist counts what a user may see from an index.
   */
  occurrence_restricted?: number;
  /** 0014: the derived obligation this task is for (policy/obligations.ts); null for tasks that are not obligations of a case. */
  obligation_key?: string | null;
  /** 0014: how a closed task was closed: 'fulfilled' (by an event on the case), 'done' or 'not_applicable' (by hand, with a note). */
  closure?: string | null;
  /** 0014: 1 for a task from before obligations were derived that matches none: kept open, shown as such. */
  legacy?: number;
  /** 0014: how its obligation may be closed by hand: 'done', 'not_applicable' (with a reason) or 'never' (only the act itself closes it). */
  by_hand?: string | null;
  /** 0014: what fulfils its obligation, in words ("recording the crime"). */
  fulfilled_by?: string | null;
}

/** 0014: XC-02 video-recorded interviews assigned to an ABE-trained officer. */
export interface VideoInterviewsTable {
  id: string;
  occurrence_id: string;
  witness: string;
  officer_id: string;
  assigned_at: string;
  assigned_by: string;
}

export interface VictimPositionsTable {
  id: string;
  occurrence_id: string;
  record: string;
  recorded_by: string;
  recorded_at: string;
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
  unit_type?: string | null;
  abe_trained_on?: string | null;
  elearning_completed_on?: string | null;
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
  classification?: string | null;
  offence?: string | null;
  principal_crime?: string | null;
  crime_recorded_at?: string | null;
  cyber_flag?: number;
  threat_to_life?: number;
  duty_inspector_notified_at?: string | null;
  workforce_involved?: number;
  attending_officer_id?: string | null;
  evidence_advice_given?: number;
  attendance_message?: string | null;
  victim_supports_prosecution?: number;
  relationship?: string | null;
  adult_at_risk?: number;
  honour_based_abuse?: number;
  coercive_control?: number;
  prolonged_course?: number;
  cumulative_impact?: number;
  perpetrator_escalation?: number;
  proportionate_investigation_complete?: number;
  reviewer?: string | null;
  allocated_unit?: string | null;
  officer_in_charge_id?: string | null;
  triaged_at?: string | null;
  triaged_by?: string | null;
  outcome?: string | null;
  outcome_rationale?: string | null;
  finalised_at?: string | null;
  finalised_by?: string | null;
  victim_contact_every_days?: number | null;
  breach_of_spo_id?: string | null;
  parent_occurrence_id?: string | null;
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

/** A state-changing API request already carried out, kept so a retry with the same Idempotency-Key gets the same response. */
export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  method: string;
  path: string;
  request_hash: string;
  response_status: number;
  response_body: string;
  response_headers: string;
  created_at: string;
}

/** AO-09: intelligence on a stalking nominal (a sighting or other information), linked to the person. */
export interface IntelligenceSubmissionsTable {
  id: string;
  person_id: string;
  /** The occurrence it was submitted from, if any. */
  occurrence_id: string | null;
  seen_at: string;
  location: string;
  subject_description: string | null;
  vehicle: string | null;
  source: string;
  source_detail: string | null;
  details: string | null;
  /** FL-01: the active notify-if flag it hit, and the task given to the flag's owner. */
  flag_id: string | null;
  flag_task_id: string | null;
  submitted_by: string;
  submitted_at: string;
}

/** SC-03: a bespoke case review of a stalking crime by the SCU. */
export interface ScuCaseReviewsTable {
  id: string;
  occurrence_id: string;
  reviewed_at: string;
  reviewer_id: string;
  findings: string;
  recommendations: string;
  /** JSON: [{ kind, status, detail }]. */
  digital_lines: string;
  /** JSON: [{ text, dueAt, taskId }]. */
  actions: string;
  next_review_on: string | null;
}
