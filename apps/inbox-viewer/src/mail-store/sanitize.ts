/** @module Makes a message's HTML safe to show: no scripts, handlers, active URLs, forms, frames or styles sheets. */
import sanitizeHtml from 'sanitize-html';

// Inline style values: plain words, numbers, colours and rgb(); never url(), expression() or escapes.
const STYLE_VALUE = /^(?!.*(?:url|expression|image-set|var)\s*\()[-\w\s#%.,()'"!/]*$/i;
const STYLED = ['color', 'background-color', 'text-align', 'font-weight', 'font-style', 'font-size', 'font-family',
  'text-decoration', 'padding', 'margin', 'border', 'border-collapse', 'width', 'max-width', 'vertical-align', 'white-space'];

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'font', 'center', 'del', 'ins', 'small', 'big'],
  disallowedTagsMode: 'discard',
  allowedAttributes: {
    '*': ['style', 'title', 'align', 'valign', 'width', 'height', 'bgcolor', 'dir', 'lang'],
    a: ['href', 'name', 'target', 'rel'],
    img: ['src', 'alt', 'width', 'height'],
    font: ['color', 'size', 'face'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan', 'scope'],
    table: ['border', 'cellpadding', 'cellspacing'],
  },
  allowedStyles: { '*': Object.fromEntries(STYLED.map((name) => [name, [STYLE_VALUE]])) },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['data'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'action', 'background'],
  allowProtocolRelative: false,
  allowedClasses: {},
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { target: '_blank', rel: 'noopener noreferrer' }),
  },
  exclusiveFilter: (frame) => frame.tag === 'img' && !/^data:image\/(png|gif|jpe?g|webp|bmp);/i.test(frame.attribs.src ?? ''),
};

/** The HTML body with everything that could run code, load outside content or submit data removed. */
export function sanitizeMessageHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}
