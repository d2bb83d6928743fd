// No key in a message: bearer tokens, Authorization headers, key query parameters, URL userinfo and strings
// shaped like OpenAI / Hugging Face keys are replaced by *** wherever a backend URL or error becomes text.
import assert from 'node:assert/strict';
import { redact, safeUrl } from '../../../src/core/redact';
import { BackendError } from '../../../src/core/backend/client';
import { toEngineError } from '../../../src/engine/errors';

const KEY = 'sk-proj-AbCdEf0123456789xyzSECRET';
const HF = 'hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345';

describe('redact', () => {
  it('hides Authorization headers in every spelling, keeping the scheme', () => {
    assert.equal(redact(`Authorization: Bearer ${KEY}`), 'Authorization: Bearer ***');
    assert.equal(redact('authorization: Basic dXNlcjpwYXNzd29yZA=='), 'authorization: Basic ***');
    assert.equal(redact('{"authorization": "Bearer abc.def.ghi", "host": "x"}'), '{"authorization": "Bearer ***", "host": "x"}');
    assert.equal(redact('Proxy-Authorization: token123456'), 'Proxy-Authorization: ***');
    assert.equal(redact('headers: {authorization=opaque-secret-value, accept=json}'), 'headers: {authorization=***, accept=json}');
  });

  it('hides bearer tokens, api keys and key query parameters', () => {
    assert.equal(redact('sent Bearer abcdefghijklmnop to the server'), 'sent Bearer *** to the server');
    assert.equal(redact('x-api-key: my-secret-123'), 'x-api-key: ***');
    assert.equal(redact('GET /v1/models?api_key=s3cr3t&limit=5'), 'GET /v1/models?api_key=***&limit=5');
    assert.equal(redact('https://host/v1?key=s3cr3t#frag'), 'https://host/v1?key=***#frag');
    assert.equal(redact('{"api_key": "s3cr3t"}'), '{"api_key": "***"}');
  });

  it('hides URL userinfo, even when the key holds an @', () => {
    assert.equal(redact(`cannot reach http://user:${KEY}@127.0.0.1:8000/v1 (GET /models)`), 'cannot reach http://***@127.0.0.1:8000/v1 (GET /models)');
    assert.equal(redact('https://a:p@ss@host.example/v1'), 'https://***@host.example/v1');
    assert.equal(safeUrl(`http://user:${KEY}@127.0.0.1:8000/v1`), 'http://127.0.0.1:8000/v1');
    assert.equal(safeUrl('http://127.0.0.1:8000/v1?api_key=abc'), 'http://127.0.0.1:8000/v1?api_key=***');
  });

  it('hides strings shaped like OpenAI and Hugging Face keys anywhere', () => {
    assert.equal(redact(`the key ${KEY} was refused`), 'the key sk-*** was refused');
    assert.equal(redact(`token=${HF}`), 'token=hf_***');
    assert.equal(redact(`(${HF})`), '(hf_***)');
  });

  it('leaves ordinary messages alone', () => {
    for (const s of ['authorization failed', 'http://127.0.0.1:8000/v1: 401 Unauthorized', 'unknown key: \'foo\'', 'task-abcdefghijklmnop',
      'scikit-learn', 'max_tokens must be at least 1, got 0', 'a@b.c wrote http://host/path@x']) {
      assert.equal(redact(s), s);
    }
  });

  it('applies to BackendError messages and to engine errors sent to the extension', () => {
    const e = new BackendError(`http://u:${KEY}@host/v1: 401 {"detail": "bad key", "headers": {"authorization": "Bearer ${KEY}"}}`, 401);
    assert.ok(!e.message.includes(KEY), e.message);
    assert.match(e.message, /^http:\/\/\*\*\*@host\/v1: 401/);
    const sent = toEngineError(new Error(`upstream said: Authorization: Bearer ${KEY}`));
    assert.ok(!sent.message.includes(KEY), sent.message);
    assert.ok(!toEngineError(e).message.includes(KEY));
  });
});
