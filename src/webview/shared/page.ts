// What every webview page of the extension shares: the page's own rules (theme colours, toolbar, banner, focus) and
// the theme value lookup an export needs. Pure strings: the host builds the page with them.

/** The page around the picture, in VS Code's theme variables (light, dark and high contrast alike). */
export const PAGE_CSS = `
html, body { padding: 0; margin: 0; height: 100%; }
body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
.toolbar { position: sticky; top: 0; z-index: 2; display: flex; gap: 6px; align-items: center; padding: 6px 10px; background: var(--vscode-editor-background); border-bottom: 1px solid var(--vscode-panel-border, transparent); flex-wrap: wrap; }
.toolbar .title { font-weight: 600; margin-right: auto; }
button { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); border: 1px solid var(--vscode-button-border, transparent); padding: 2px 8px; cursor: pointer; font: inherit; }
button:hover { background: var(--vscode-button-secondaryHoverBackground); }
button:focus-visible, select:focus-visible, input:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
select, input { color: var(--vscode-input-foreground); background: var(--vscode-input-background); border: 1px solid var(--vscode-input-border, transparent); font: inherit; }
.banner { margin: 8px 10px; padding: 6px 10px; border-left: 4px solid var(--vscode-editorWarning-foreground); background: var(--vscode-inputValidation-warningBackground, transparent); color: var(--vscode-foreground); }
.banner[hidden] { display: none; }
.stage { overflow: auto; padding: 10px; }
.status { color: var(--vscode-descriptionForeground); font-size: 11px; }
.legend { display: flex; gap: 12px; color: var(--vscode-descriptionForeground); font-size: 11px; }
.legend .broken { color: var(--vscode-editorError-foreground); font-weight: 600; }
`;

/**
 * The page: a strict Content Security Policy (nothing remote, no inline code but the nonce'd style and script),
 * so it works offline and runs nothing it was not shipped with.
 */
export function webviewHtml(o: { cspSource: string; nonce: string; scriptUri: string; title: string; css: string; body: string }): string {
  const csp = [
    `default-src 'none'`,
    `img-src ${o.cspSource} data: blob:`,
    `style-src ${o.cspSource} 'nonce-${o.nonce}'`,
    `script-src 'nonce-${o.nonce}'`,
    `font-src ${o.cspSource}`,
  ].join('; ');
  return (
    `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${csp}">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1.0"><title>${o.title}</title>` +
    `<style nonce="${o.nonce}">${PAGE_CSS}${o.css}</style></head><body>${o.body}` +
    `<script nonce="${o.nonce}" src="${o.scriptUri}"></script></body></html>`
  );
}

/** CSS with each `var(--name, fallback)` replaced by the theme's value (an exported picture has no theme around it). */
export function resolveCssVars(css: string, lookup: (name: string) => string): string {
  return css.replace(
    /var\((--[\w-]+)(?:,([^)]*))?\)/g,
    (_m, name: string, fallback: string | undefined) => lookup(name).trim() || fallback?.trim() || 'currentColor',
  );
}
