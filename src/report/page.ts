// The HTML document every OpenCSII report is: inline styles, the body, its data as JSON, uPlot
// and the page's own script; nothing loaded from elsewhere, so it opens offline.
import { escapeHtml, inlineScriptSource, inlineStyleSource, jsonForScript } from './html.ts';

export interface ReportPage {
  readonly title: string;
  readonly styles: readonly string[];
  readonly body: string;
  /** The id of the JSON data element the page script reads, and the data. */
  readonly dataId: string;
  readonly data: unknown;
  readonly scripts: readonly string[];
}

export function reportPage(page: ReportPage): string {
  const styles = page.styles.map((css) => `<style>${inlineStyleSource(css)}</style>`).join('\n');
  const scripts = page.scripts.map((js) => `<script>${inlineScriptSource(js)}</script>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="OpenCSII">
<title>${escapeHtml(page.title)}</title>
<link rel="icon" href="data:,">
${styles}
</head>
<body>
<a class="skip-link" href="#main">Skip to the report</a>
<div class="page">
${page.body}
</div>
<script type="application/json" id="${page.dataId}">${jsonForScript(page.data)}</script>
${scripts}
</body>
</html>
`;
}
