/**
 * Text made safe for HTML element content and quoted attribute values: `&`, `<`, `>`, `"` and `'`
 * become character references. Every string the board takes from git (ids, titles, people,
 * paths, reasons) goes through this before it reaches the page.
 *
 * @example
 * ```ts
 * escapeHtml('<script>alert(1)</script>'); // '&lt;script&gt;alert(1)&lt;/script&gt;'
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character] ?? character);
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
