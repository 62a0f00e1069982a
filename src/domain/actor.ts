import type { Role } from './roles';

/** The person (or the system itself) doing something. Every log entry names one. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  rank: string;
  district: string | null;
  unit: string;
  /** The kind of unit (DA_TEAM, CID ...): who reviews which crimes (AL-01) and who may open restricted records (ID-08). */
  unitType?: string | null;
}

/** Changes made by Conduct itself (migrations, seeding, scheduled jobs) name this actor. */
export const systemActor: Actor = {
  id: 'system',
  username: 'system',
  displayName: 'Conduct (system)',
  role: 'administrator',
  rank: 'STAFF',
  district: null,
  unit: 'SYSTEM',
};
