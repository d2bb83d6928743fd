// Secrets out of messages: a backend's error body may echo the request's headers, and a backend URL may carry
// its key in the userinfo or the query. Every message built from a backend URL or a backend's error goes
// through redact() before it is printed, logged, stored or sent to the extension.

const HIDDEN = '***';

const RULES: Array<[RegExp, string]> = [
  // http://user:KEY@host/v1 -> http://***@host/v1 (greedy to the last @ of the authority: a key may hold an @).
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#"'<>]*@/gi, `$1${HIDDEN}@`],
  // Authorization: Bearer xyz / "authorization": "Basic xyz" / Proxy-Authorization=xyz
  [/\b((?:proxy-)?authorization)(["']?\s*[:=]\s*["']?)(?:(bearer|basic|token|bot|digest)\s+)?[^\s"',;}]+/gi, `$1$2$3 ${HIDDEN}`],
  // A bearer token wherever it is written.
  [/\b(bearer)\s+[A-Za-z0-9._~+/=-]{4,}/gi, `$1 ${HIDDEN}`],
  // api_key=, apikey:, x-api-key: "...", access_token=, client_secret=
  [/\b((?:x-)?api[_-]?key|access[_-]?token|refresh[_-]?token|client[_-]?secret|password)(["']?\s*[:=]\s*["']?)[^\s"'&,;}]+/gi, `$1$2${HIDDEN}`],
  // A bare key= or token= query parameter.
  [/([?&](?:key|token|auth|sig|signature)=)[^&\s#"']+/gi, `$1${HIDDEN}`],
  // Strings shaped like OpenAI (sk-..., sk-proj-...) and Hugging Face (hf_...) keys, wherever they appear.
  [/\b(sk|rk)-[A-Za-z0-9_-]{8,}/g, `$1-${HIDDEN}`],
  [/\bhf_[A-Za-z0-9]{8,}/g, `hf_${HIDDEN}`],
];

/** The text with keys, bearer tokens, Authorization headers and URL userinfo replaced by ***. */
export function redact(text: string): string {
  let s = text;
  for (const [re, to] of RULES) s = s.replace(re, to);
  // "Authorization: Bearer ***" once the header rule ran with no scheme word: tidy the doubled space.
  return s.replace(/(authorization["']?\s*[:=]\s*["']?) \*\*\*/gi, `$1${HIDDEN}`);
}

/** A URL as it may be stored or shown: no userinfo at all (not even ***), secrets in the query hidden. */
export function safeUrl(url: string): string {
  return redact(url.replace(/^(\s*[a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/i, '$1'));
}
