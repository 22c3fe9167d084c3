// Escaping for the self-contained report: text from a result (scenario name, labels) must never
// become markup, and inline data or code must never close the <script>/<style> element that
// holds it (HTML spec, "restrictions for contents of script elements").

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text → HTML text or attribute value (all five special characters escaped). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

/**
 * A value as JSON safe inside <script type="application/json">: `<`, `>` and `&` become \u
 * escapes (still valid JSON, parsed back to the same string), so `</script>` or `<!--` in a
 * name cannot end or alter the element; U+2028/2029 are escaped for older JS parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** JavaScript source for an inline <script>: `</script` cannot occur (`<\/` is the same in JS). */
export function inlineScriptSource(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** CSS source for an inline <style>: `</style` cannot occur. */
export function inlineStyleSource(source: string): string {
  return source.replace(/<\/(style)/gi, '<\\/$1');
}
