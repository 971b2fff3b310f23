import { describe, expect, test } from 'vitest';
import { ConfigError } from './errors.ts';
import { applyOverrides, parseOverride } from './overrides.ts';

describe('parseOverride', () => {
  test('TOML first, then JSON, then a literal string', () => {
    expect(parseOverride('a=1').value).toBe(1);
    expect(parseOverride('a="x"').value).toBe('x');
    expect(parseOverride('a=true').value).toBe(true);
    expect(parseOverride('a=[1, 2]').value).toEqual([1, 2]);
    expect(parseOverride('a={ b = "c" }').value).toEqual({ b: 'c' });
    expect(parseOverride('a={"b": null}').value).toEqual({ b: null });
    expect(parseOverride('a=http://x/v1').value).toBe('http://x/v1');
    expect(parseOverride('a=gpt-5').value).toBe('gpt-5');
  });
  test('dotted and quoted keys', () => {
    expect(parseOverride('model_providers.mock.base_url="u"').path).toEqual([
      'model_providers',
      'mock',
      'base_url',
    ]);
    expect(parseOverride('mcp_servers."a.b".url=u').path).toEqual(['mcp_servers', 'a.b', 'url']);
  });
  test('no = is an error naming the -c', () => {
    expect(() => parseOverride('model')).toThrow(ConfigError);
    expect(() => parseOverride('model')).toThrow(/-c model/);
  });
  test('applyOverrides creates tables', () => {
    const t: Record<string, unknown> = { model: 'a', otel: 'x' };
    applyOverrides(t, [parseOverride('otel.environment="prod"'), parseOverride('model=b')]);
    expect(t).toEqual({ model: 'b', otel: { environment: 'prod' } });
  });
});
