/** @module Content-Disposition for downloads (RFC 6266): a harmless ASCII `filename` and the full name as RFC 5987 `filename*`. */

/** The most characters (code points) of a name that a download keeps. */
export const NAME_CHARS = 200;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A Content-Disposition header; a name that is not well-formed UTF-16 (a cut emoji, UTF-16 encoded words) gets U+FFFD where it breaks. */
export function disposition(kind: 'inline' | 'attachment', name: string): string {
  const points = Array.from(name.replace(LONE_SURROGATE, '\uFFFD').replace(/[\u0000-\u001f\u007f/\\]/g, '_'));
  const clean = points.slice(0, NAME_CHARS).join('') || 'download';
  const ascii = clean.replace(/[^A-Za-z0-9._ -]/g, '_');
  const encoded = encodeURIComponent(clean).replace(/['()*!]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
