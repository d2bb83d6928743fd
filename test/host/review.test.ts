import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { REVIEW_VIEW_TYPE, TRACE_SCHEME } from '../../src/extension/reviewPanel';
import { readyApi, sampleFile, waitUntil } from './helpers';

describe('Review', () => {
  it('the engine serves the review requests: list, get, status, labels', async () => {
    const a = await readyApi();
    await vscode.commands.executeCommand('distillery.importDataset', { files: [sampleFile()], dataset: 'review-host', preset: 'auto' });
    const list = await a.engine.request('review/list', { filter: { dataset: 'review-host' } });
    assert.equal(list.total, 5);
    const id = list.rows[0].id;
    const detail = await a.engine.request('review/get', { id });
    assert.ok(detail && detail.traces.length === 1 && detail.traces[0].thinking.length > 1000);
    assert.deepEqual(await a.engine.request('review/setStatus', { id, status: 'flagged' }), { previous: 'unreviewed' });
    assert.deepEqual(await a.engine.request('review/toggleLabel', { sampleId: id, label: 'truncated' }), { set: true });
    const flagged = await a.engine.request('review/list', { filter: { dataset: 'review-host', status: 'flagged', label: 'truncated' } });
    assert.deepEqual(flagged.rows.map((r) => r.id), [id]);
    // The label filter's choices: every label in the data set (a detector's would be listed the same way).
    assert.ok((await a.engine.request('review/labels', { dataset: 'review-host' })).includes('truncated'));
  });

  it('accepting or rejecting moves on to the next sample unless distillery.review.advanceAfterDecision is off', () => {
    const setting = vscode.workspace.getConfiguration('distillery').inspect<boolean>('review.advanceAfterDecision');
    assert.equal(setting?.defaultValue, true);
  });

  it('Distillery: Review Dataset opens one review panel on the data set', async () => {
    await readyApi();
    await vscode.commands.executeCommand('distillery.reviewDataset', 'review-host');
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(REVIEW_VIEW_TYPE));
    await waitUntil(() => tabs().length === 1, 'a review panel tab');
    await vscode.commands.executeCommand('distillery.reviewDataset', 'review-host');
    assert.equal(tabs().length, 1, 'a second call reveals the same panel');
  });

  it('a trace opens as a read-only virtual document for the diff editor', async () => {
    const a = await readyApi();
    const list = await a.engine.request('review/list', { filter: { dataset: 'review-host' } });
    const detail = await a.engine.request('review/get', { id: list.rows[1].id });
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: TRACE_SCHEME, path: `/trace-${detail!.traces[0].id}.md` }));
    assert.ok(doc.getText().includes(detail!.traces[0].thinking.slice(0, 200)));
    assert.match(doc.getText(), /## Answer/);
  });
});

describe('Review of a run given alone', () => {
  // Generate Traces opens the panel on its run with { run } only (and so does its "Review Traces"): that asked
  // "Review which data set?" and, answered with another data set, showed 0 samples (walk of the editor).
  it('opens the panel on the run without asking for a data set', async () => {
    const a = await readyApi();
    assert.ok((await a.engine.request('datasets/list', {})).length > 1, 'more than one data set, so the palette would ask');
    const opened = vscode.commands.executeCommand('distillery.reviewDataset', { run: 'no-such-generation-run' }).then(() => true);
    const asked = await Promise.race([opened, new Promise<false>((r) => setTimeout(() => r(false), 10_000))]);
    if (!asked) await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.ok(asked, 'the command returned without a question');
    await waitUntil(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(REVIEW_VIEW_TYPE)), 'a review panel tab');
  });
});
