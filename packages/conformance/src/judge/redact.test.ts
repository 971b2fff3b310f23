import { describe, expect, test } from 'vitest';
import { masksOf, redactDeep, subjectSecrets } from './redact.ts';

const KEY = 'sk-live-0123456789abcdef';

describe('masking by list', () => {
  test('a subject secret and its base64, base64url, URL and hex encodings are masked', () => {
    const b = Buffer.from(KEY);
    const text = [
      KEY,
      b.toString('base64'),
      b.toString('base64url'),
      encodeURIComponent(`${KEY}/+`),
      b.toString('hex'),
      b.toString('hex').toUpperCase(),
    ].join(' | ');
    const out = redactDeep({ s: text, nested: [{ t: `x${b.toString('base64')}y` }] }, [KEY, `${KEY}/+`]);
    for (const needle of [
      KEY,
      b.toString('base64').replace(/=+$/, ''),
      b.toString('hex'),
      b.toString('hex').toUpperCase(),
      encodeURIComponent(`${KEY}/+`),
    ])
      expect(JSON.stringify(out)).not.toContain(needle);
    expect(out.s).toContain('«masked base64»');
    expect(out.s).toContain('«masked hex»');
  });

  test('secrets come from the secrets list and from env names with KEY, TOKEN, SECRET, PASSWORD', () => {
    const secrets = subjectSecrets(
      {
        secrets: ['listed-secret-1'],
        env: {
          MY_API_KEY: 'env-api-key-1',
          GH_TOKEN: 'tok-123456',
          DB_PASSWORD: 'hunter22',
          MODE: 'verbose-mode',
          K: '{{apiKey}}',
        },
      },
      { CI_SECRET: 'ci-secret-9', PATH: '/usr/bin:/bin' },
    );
    expect(secrets.sort()).toEqual([
      'ci-secret-9',
      'env-api-key-1',
      'hunter22',
      'listed-secret-1',
      'tok-123456',
    ]);
  });

  test('a prompt (with the canary) becomes «prompt», longest secrets first', () => {
    const prompt = 'say hi AGENTOTEL-CANARY-abc123';
    expect(redactDeep(`p=${prompt}`, [prompt, 'say hi'])).toBe('p=«prompt»');
    expect(masksOf(['abcdefgh', 'abcdefghij'])[0]!.needle.length).toBeGreaterThan(10);
  });
});

describe('redactDeep keeps the shape', () => {
  test('a key named __proto__ stays an own key, masked like any other', () => {
    const value = JSON.parse(`{"attributes":{"__proto__":"x ${KEY} y","a":"${KEY}"}}`);
    const out = redactDeep(value, [KEY]);
    expect(Object.keys(out.attributes)).toEqual(['__proto__', 'a']);
    expect(JSON.stringify(out)).toBe('{"attributes":{"__proto__":"x «masked» y","a":"«masked»"}}');
  });

  test('a secret with regular-expression characters is masked literally, a look-alike is kept', () => {
    const secret = 'a.b*c(d)[e]+f?$^|\\';
    const out = redactDeep({ s: `1 ${secret} 2`, t: 'aXb*c(d)[e]+f?$^|' }, [secret]);
    expect(out).toEqual({ s: '1 «masked» 2', t: 'aXb*c(d)[e]+f?$^|' });
  });
});
