import { verifyChain, type ChainReport } from '../../store/repositories/log';
import type { AppDeps } from '../context';

/** XC-03: recomputes the occurrence log's hash chain and names the first bad entry. */
export function verifyOccurrenceLog(deps: AppDeps): Promise<ChainReport> {
  return verifyChain(deps.store.db);
}
