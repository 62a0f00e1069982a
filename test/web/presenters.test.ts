import { describe, expect, it } from 'vitest';
import { presentLogEntry } from '../../src/web/presenters';
import type { LogEntry } from '../../src/store/repositories/log';

const entry = (changes: LogEntry['changes']): LogEntry =>
  ({ seq: 1, id: '00000000-0000-4000-8000-000000000001', at: '2026-12-04T17:30:00.000Z', actorId: null, actorName: 'PC Tom Walsh', kind: 'change', subjectType: 'occurrence', subjectId: 'x', occurrenceId: 'x', action: 'risk_assessment.recorded', changes, reason: null, requirements: [], hash: '', prevHash: '' }) as unknown as LogEntry;

describe('the occurrence log as the timeline shows it', () => {
  it('shows no ISO timestamps, property names or 0/1 flags: a task’s due time is a date and time, fields are words', () => {
    const shown = presentLogEntry(
      entry([
        { field: 'task', before: null, after: 'Endorse the DASH risk grading (assessment 1, high) (due 2026-12-05T17:31:39.759Z, SV-02)' },
        { field: 'dashYesCount', before: null, after: 15 },
        { field: 'cyberFlag', before: 0, after: 1 },
        { field: 'someNewField', before: null, after: 'x' },
        { field: 'spoStatus', before: 'approved', after: 'awaiting_authority' },
        { field: 'referralsToConsider', before: null, after: 'marac, specialist_stalking_support' },
        { field: 'referral.marac', before: 'to_consider', after: 'made' },
      ]),
    );
    expect(shown.changes).toEqual([
      { label: 'Task', before: '', after: 'Endorse the DASH risk grading (assessment 1, high) (due 5 December 2026 at 17:31, SV-02)' },
      { label: 'DASH “yes” answers', before: '', after: '15' },
      { label: 'Cyber flag', before: 'No', after: 'Yes' },
      { label: 'Some new field', before: '', after: 'x' },
      { label: 'Spo status', before: 'approved', after: 'awaiting authority' },
      { label: 'Referrals to consider', before: '', after: 'marac, specialist stalking support' },
      { label: 'Referral: marac', before: 'to consider', after: 'made' },
    ]);
  });
});
