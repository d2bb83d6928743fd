// References to pictures that are not there: a tag a scraper left where a picture was, or a figure phrase ("as shown
// in the figure") with no drawing of the question's own ([asy], TikZ, a LaTeX array, ASCII art) near it or after it.
import type { FormatHit } from './formatting';
import { plainText } from './ascii-grid';

// "[Image]" (APPS, TACO) and "<image>" (code_contests) are what scrapers leave where a picture was.
const IMAGE_TAG = /<img\b|\[image\]|<image>|\\includegraphics|!\[[^\]]*\]\([^)]*\)|\.(?:png|jpe?g|gif|svg)\b/i;
// A figure noun, not "figure of merit", "figure skater", "figure out", "image of the line".
const NOUN = '(?:(?:figure|diagram|picture|image|drawing|scheme)s?|fig\\.)(?!\\s+(?:of|skat\\w*|out)\\b)';
const FIGURE_PHRASE = new RegExp([
  `as (?:shown|seen|depicted|illustrated|pictured|drawn) (?:in|on|below|above)(?: the)? ?${NOUN}?`,
  '\\bas shown\\b(?=[.,;:])',
  '\\b(?:shown|pictured|drawn|depicted|illustrated) (?:below|above)\\b',
  `(?:shown|given|depicted|illustrated|pictured) in (?:the )?(?:following |accompanying |adjacent |attached )?${NOUN}`,
  `(?<!\\bto )(?:see|refer to|look at|consider) (?:the )?(?:following |accompanying |adjacent |attached )?${NOUN}`,
  `(?:the|this) ${NOUN} (?:below|above|shows|illustrates|depicts)`,
  `(?:in|from) the ${NOUN}(?: (?:below|above|provided|given))?[,.:]? (?!\\$)`, // not "the picture $a$" (an object)
  '\\b(?:figure|fig\\.) ?\\d+\\b',
  // Changes after the first held-out set (test/fixtures/curate/formatting-heldout.jsonl):
  `\\b(?:figure|diagram|graph|picture|image|drawing)(?!\\s+(?:of|skat\\w*|out)\\b) (?:provided|given|attached|below|above|on the (?:right|left))\\b`,
  '\\b\\w+ shown (?:are|is|have|has)\\b',
  `\\bseen in (?:the )?${NOUN}`,
  `(?:the )?(?:following|attached|accompanying|adjacent) (?:(?:two|three|four|\\d) )?(?:figure|diagram|picture|image|graph)`,
  // Changes from the tuning half of the Codeforces set (test/fixtures/curate/formatting-codeforces.jsonl):
  `\\b(?:shown|depicted|drawn|illustrated|given) on (?:the )?(?:left |right |following |next )?${NOUN}`,
  '\\bpictured in the statement\\b|\\b(?:is|are) pictured\\b',
  `\\b(?:looks?|looked) like this:(?!\\s*\\$)|\\bas on the ${NOUN}`,
  // Changes from the tune part of the second Codeforces set (formatting-codeforces2-tune.jsonl):
  '\\billustrations? (?:to|for|of)\\b|\\bthe following (?:illustrations?|drawings?)\\b',
  '\\billustrates? the (?:\\w+ )?(?:example|sample|test|case)\\b',
  `\\bseen on (?:the )?${NOUN}`,
  // Changes from the fresh set (formatting-fresh.jsonl), after its held-out figures were taken:
  `\\bthe (?:left|right|upper|lower|top|bottom) ${NOUN} (?:shows|illustrates|depicts)|\\bthe ${NOUN} represents\\b|\\bfrom this ${NOUN}`,
  // And from the held-out part of the first Codeforces set, looked at for this (its figures are no longer held-out):
  `\\b(?:${NOUN}|graphs) (?:below|above) (?:explain|show|illustrate|depict|correspond)|\\(image courtesy\\b|\\b(?:the|this) (?:picture|figure|diagram|drawing) contains\\b|\\byou can see [^.\\n]{0,60}\\bbelow\\b`,
].join('|'), 'i');
// A LaTeX array or tabular that the question says is "shown below" is the figure itself (AIME 1992 #4).
const HAS_DRAWING = /\[asy\]|\\begin\{(?:tikzpicture|picture|array|tabular|[bpvV]?matrix)\}/;

const FIGURE_PHRASES = new RegExp(FIGURE_PHRASE.source, 'gi');
// "... as follows." then an empty line and a new sentence (case-sensitive): what was announced, a picture, is gone.
// Not a definition ("f is defined as follows:"): its text goes on after the blank line.
const ANNOUNCED_GAP = /\b(?<!\bdefined )(?:as follows|like this)[.:]?[ \t]*\n(?:[ \t]*\n)+[ \t]*[A-Z][a-z]+\b/;
const NEAR = 120; // characters between a figure phrase and a drawing that the phrase then points to
// A row of cells or strokes (".#.#...", "\\vdots" over framed rows): the drawing a phrase announces is there.
function drawnRow(t: string): boolean {
  if (t === '\\vdots') return true;
  const cells = t.replace(/\s+/g, '');
  if (!/^[.#*@A-Za-z0-9+\-/\\|<>^_=~?]{2,80}$/.test(cells)) return false;
  const symbols = cells.match(/[.#*@|/\\_<>^=~?]/g)?.length ?? 0;
  return /\s/.test(t) ? symbols >= 0.6 * cells.length : symbols > 0;
}

/** Whether one of the first two non-blank lines after `end` (within three lines) is drawn. */
function drawingFollows(question: string, end: number): boolean {
  const next = question.slice(end, end + 300).split('\n').slice(1, 4).map((l) => l.trim()).filter(Boolean).slice(0, 2);
  return next.some((l) => drawnRow(plainText(l)));
}

/**
 * `art`: whether the question holds ASCII art (true: anywhere, so no phrase counts), or the art hit itself: then a
 * phrase counts only when that drawing is not within NEAR characters of it (a Codeforces statement says "shown on
 * the picture" far from its sample grid).
 */
export function imageReferenceHits(question: string, art: boolean | FormatHit | null): FormatHit[] {
  const tag = IMAGE_TAG.exec(question);
  if (tag) return [{ label: 'image-reference', pattern: 'image tag', span: question.slice(Math.max(0, tag.index - 30), tag.index + 60) }];
  if (art === true || HAS_DRAWING.test(question)) return [];
  const artAt = art ? Math.max(question.indexOf(art.span), plainText(question).indexOf(art.span)) : -1;
  FIGURE_PHRASES.lastIndex = 0;
  for (let n = 0; n < 50; n++) {
    const m = FIGURE_PHRASES.exec(question);
    if (!m) break;
    if (m[0].length === 0) { FIGURE_PHRASES.lastIndex++; continue; }
    const end = m.index + m[0].length;
    if (artAt >= 0 && artAt >= m.index - NEAR && artAt <= end + NEAR) continue;
    if (drawingFollows(question, end)) continue;
    return [{ label: 'image-reference', pattern: 'figure phrase', span: question.slice(Math.max(0, m.index - 30), end + 30) }];
  }
  const gap = art ? null : ANNOUNCED_GAP.exec(question);
  if (gap) return [{ label: 'image-reference', pattern: 'announced, then nothing', span: question.slice(Math.max(0, gap.index - 30), gap.index + gap[0].length) }];
  return [];
}
