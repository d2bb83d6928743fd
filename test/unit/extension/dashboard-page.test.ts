// The runs dashboard's page: scripts run only with the page's nonce, nothing loads from outside the extension,
// and the CSP never admits 'unsafe-eval' (Vega draws through its expression interpreter); the runs it opens on.
import assert from 'node:assert/strict';
import { dashboardHtml, dashboardRunsOf } from '../../../src/extension/dashboardPage';

describe('runs dashboard page', () => {
  const html = dashboardHtml({ cspSource: 'https://ext.example' }, (f) => `https://ext.example/out/${f}`, { runs: ['</script><script>alert(1)</script>'] }, 'N0nce');
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1];

  it('has a strict CSP: nonce scripts, local resources, no unsafe-eval', () => {
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    assert.deepEqual(directives['default-src'], ["'none'"]);
    assert.deepEqual(directives['script-src'], ["'nonce-N0nce'"]);
    assert.ok(!csp.includes('unsafe-eval'), csp);
    assert.ok(!/https?:\/\/(?!ext\.example)/.test(csp), 'only the extension\'s own origin');
    // Every script carries the nonce and the bundle is the dashboard's own.
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.equal(scripts.length, 2);
    assert.ok(scripts.every((s) => s.includes('nonce="N0nce"')));
    assert.match(html, /src="https:\/\/ext\.example\/out\/dashboard\.js"/);
  });

  it('embeds the runs to show so that no run name can close the script block', () => {
    assert.equal((html.match(/<\/script>/g) ?? []).length, 2);
    const json = /<script nonce="N0nce" id="distillery-init" type="application\/json">(.*?)<\/script>/.exec(html)![1];
    assert.deepEqual(JSON.parse(json), { runs: ['</script><script>alert(1)</script>'] });
  });

  it('opens on the run of a tree node, a run name, run names, or nothing', () => {
    assert.deepEqual(dashboardRunsOf({ run: 'base' }), ['base']);
    assert.deepEqual(dashboardRunsOf('tuned'), ['tuned']);
    assert.deepEqual(dashboardRunsOf({ runs: ['a', 'b'] }), ['a', 'b']);
    assert.deepEqual(dashboardRunsOf(undefined), []);
  });
});
