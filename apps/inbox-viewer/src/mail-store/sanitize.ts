/** @module Makes a message's HTML safe to show: no scripts, handlers, active URLs, forms, frames or styles sheets. */
import sanitizeHtml from 'sanitize-html';

// Inline style values: plain words, numbers, colours and rgb(); never url(), expression() or escapes.
const STYLE_VALUE = /^(?!.*(?:url|expression|image-set|var)\s*\()[-\w\s#%.,()'"!/]*$/i;
const STYLED = ['color', 'background-color', 'text-align', 'font-weight', 'font-style', 'font-size', 'font-family',
  'text-decoration', 'padding', 'margin', 'border', 'border-collapse', 'width', 'max-width', 'vertical-align', 'white-space'];

const REMOTE = /^https?:\/\//i;
const INLINE_IMAGE = /^data:image\/(png|gif|jpe?g|webp|bmp);/i;

function options(remoteImages: boolean, blocked: { count: number }): sanitizeHtml.IOptions {
  return {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'font', 'center', 'del', 'ins', 'small', 'big'],
    disallowedTagsMode: 'discard',
    allowedAttributes: {
      '*': ['style', 'title', 'align', 'valign', 'width', 'height', 'bgcolor', 'dir', 'lang'],
      a: ['href', 'name', 'target', 'rel'],
      img: ['src', 'alt', 'width', 'height', 'referrerpolicy'],
      font: ['color', 'size', 'face'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan', 'scope'],
      table: ['border', 'cellpadding', 'cellspacing'],
    },
    allowedStyles: { '*': Object.fromEntries(STYLED.map((name) => [name, [STYLE_VALUE]])) },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['data', 'http', 'https'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'action', 'background'],
    allowProtocolRelative: false,
    allowedClasses: {},
    transformTags: {
      a: sanitizeHtml.simpleTransform('a', { target: '_blank', rel: 'noopener noreferrer' }),
      img: sanitizeHtml.simpleTransform('img', { referrerpolicy: 'no-referrer' }),
    },
    exclusiveFilter: (frame) => {
      if (frame.tag !== 'img') return false;
      const src = frame.attribs.src ?? '';
      if (INLINE_IMAGE.test(src)) return false;
      if (!REMOTE.test(src)) return true;
      if (!remoteImages) blocked.count++;
      return !remoteImages;
    },
  };
}

/** The most HTML characters that are sanitized for display (about half a second of work). */
export const MAX_HTML_CHARS = 2_000_000;
/** The most tags (counted as `<` characters) that are sanitized for display. */
export const MAX_HTML_TAGS = 50_000;

/** Why an HTML body is too costly to sanitize, or undefined when it is within the caps; counts without parsing. */
export function htmlTooComplex(html: string): string | undefined {
  if (html.length > MAX_HTML_CHARS) return `${html.length} characters of HTML, at most ${MAX_HTML_CHARS} are shown`;
  let tags = 0;
  for (let at = html.indexOf('<'); at >= 0; at = html.indexOf('<', at + 1)) {
    if (++tags > MAX_HTML_TAGS) return `more than ${MAX_HTML_TAGS} HTML tags`;
  }
  return undefined;
}

/** Sanitized HTML and how many remote images it leaves out. */
export interface SanitizedHtml {
  html: string;
  blockedImages: number;
}

/** The HTML body made safe, and how many remote images were left out (all of them, unless `remoteImages`). */
export function sanitizeMail(html: string, remoteImages = false): SanitizedHtml {
  const blocked = { count: 0 };
  return { html: sanitizeHtml(html, options(remoteImages, blocked)), blockedImages: blocked.count };
}

/** The HTML body with everything that could run code, load outside content or submit data removed. */
export function sanitizeMessageHtml(html: string): string {
  return sanitizeMail(html).html;
}
