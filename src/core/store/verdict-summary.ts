// What `distillery verify` left on a scope, read back from its annotations: how many traces are verified, failed
// or could not be verified, and the commonest reasons for the last (a missing sandbox says so there). The editor's
// Verify Traces… reports this when its task ends; the CLI and the editor resolve a scope the same way.
import type { Db } from './db';
import { findDatasetId } from './datasets';
import { findSelection } from './selections';
import { runIdsByName, scopeWhere, type VerifyScope } from './verifications';
import { NotFoundError } from '../errors';
import type { VerdictSummary, VerifyScopeRef } from '../../shared/protocol';

/** The scope and how messages name it ("run gen-a", "selection s1k:x@2", "data set x"); NotFoundError when it does not exist. */
export function resolveVerifyScope(db: Db, ref: VerifyScopeRef): { scope: VerifyScope; label: string } {
  if (ref.run !== undefined) {
    if (!runIdsByName(db, ref.run).length) throw new NotFoundError(`no run named '${ref.run}'`);
    return { scope: { run: ref.run }, label: `run ${ref.run}` };
  }
  if (ref.selection !== undefined) {
    const s = findSelection(db, ref.selection);
    if (!s) throw new NotFoundError(`no selection named '${ref.selection}'`);
    return { scope: { selectionId: s.id }, label: `selection ${s.name}@${s.version}` };
  }
  if (ref.dataset === undefined) throw new NotFoundError('no run, selection or data set named');
  const id = findDatasetId(db, ref.dataset);
  if (id === undefined) throw new NotFoundError(`no data set named '${ref.dataset}'`);
  return { scope: { datasetId: id }, label: `data set ${ref.dataset}` };
}

export function verdictSummary(db: Db, ref: VerifyScopeRef): VerdictSummary {
  const { scope, label } = resolveVerifyScope(db, ref);
  const { where, arg } = scopeWhere(scope);
  // A trace has at most one verifier verdict (writeVerdict replaces it), so the join does not count a trace twice.
  const rows = db.prepare(`SELECT a.label, json_extract(a.evidence, '$.reason') AS reason, count(*) AS n
    FROM traces t LEFT JOIN annotations a ON a.trace_id = t.id AND a.origin LIKE 'verifier:%'
    WHERE ${where} GROUP BY a.label, reason`).all(arg) as { label: string | null; reason: unknown; n: number }[];
  const out: VerdictSummary = { scope: label, traces: 0, verified: 0, failed: 0, errors: 0, unverified: 0, errorReasons: [] };
  for (const r of rows) {
    out.traces += r.n;
    if (r.label === null) out.unverified += r.n;
    else if (r.label === 'verified') out.verified += r.n;
    else if (r.label === 'verify-failed') out.failed += r.n;
    else {
      out.errors += r.n;
      out.errorReasons.push({ reason: typeof r.reason === 'string' ? r.reason : 'no reason given', traces: r.n });
    }
  }
  out.errorReasons.sort((a, b) => b.traces - a.traces || a.reason.localeCompare(b.reason));
  out.errorReasons = out.errorReasons.slice(0, 5);
  return out;
}
