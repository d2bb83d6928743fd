// The HTML of Distillery's webview pages (the review panel, the runs dashboard), without vscode so unit tests read it
// under Node. One content security policy for both: scripts run only with the page's nonce (no 'unsafe-eval'),
// styles, fonts and images come only from the extension's own files (inline style attributes are KaTeX's and
// Vega's layout), and nothing leaves the extension.

export interface WebviewPage {
  /** The webview's cspSource (the origin of the extension's files inside the webview). */
  cspSource: string;
  /** The webview URI of a file in out/. */
  asset: (file: string) => string;
  nonce: string;
  title: string;
  /** The custom element the bundle defines, and the bundle's name in out/ (NAME.js and NAME.css). */
  element: string;
  bundle: string;
  /** The page's initial state, read by the bundle from the JSON script block. */
  state: unknown;
}

export function webviewPageHtml(p: WebviewPage): string {
  const csp = [
    "default-src 'none'",
    `img-src ${p.cspSource} data:`,
    `style-src ${p.cspSource} 'unsafe-inline'`,
    `font-src ${p.cspSource}`,
    `script-src 'nonce-${p.nonce}'`,
  ].join('; ');
  // JSON in a <script type="application/json"> block: '<' escaped so trace text cannot close the tag.
  const state = JSON.stringify(p.state).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="en"><head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${p.asset(`${p.bundle}.css`)}">
<title>${p.title}</title>
</head><body>
<${p.element}></${p.element}>
<script nonce="${p.nonce}" id="distillery-init" type="application/json">${state}</script>
<script nonce="${p.nonce}" src="${p.asset(`${p.bundle}.js`)}"></script>
</body></html>`;
}
