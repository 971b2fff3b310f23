import { describe, expect, test } from 'vitest';
import { promptFragmentFinder } from './prompt-fragments.ts';

const title = 'response.failed ends the turn';
const prompt = `${title} 🚀 café AGENTOTEL-CANARY-5f1c9e`;
const find = promptFragmentFinder(prompt, title);

describe('promptFragmentFinder', () => {
  test.each([
    ['the whole prompt', prompt, 'text'],
    ['a prefix reaching into the distinctive part', prompt.slice(0, 34), 'text'],
    ['a slice of the canary', 'build 0.1.0+OTEL-CANARY-5f1c9', 'text'],
    ['a lower-cased copy', `key=${prompt.toLowerCase()}`, 'text'],
    ['accents dropped, white space folded', 'turn  🚀 cafe agentotel-can', 'text'],
    ['base64', Buffer.from(prompt).toString('base64'), 'base64'],
    ['base64url of a slice', Buffer.from(prompt.slice(20)).toString('base64url'), 'base64'],
    ['hex', Buffer.from(prompt.slice(-20)).toString('hex'), 'hex'],
    ['URL encoding', encodeURIComponent(prompt.slice(0, 40)), 'URL-encoded'],
  ])('finds %s', (_what, text, form) => {
    expect(find(text)?.form).toBe(form);
  });

  test.each([
    ['the title alone (free text)', 'response.failed ends the turn early'],
    ['names that share the canary prefix', 'agentotel-conformance agentotel-tool-ok agentotel_exec'],
    ['ids and hex', '0e9b1a52-7f0c-4c2e-9d6a-2b1f3c4d5e6f 4bf92f3577b34da6a3ce929d0e0e4736'],
    ['base64 of something else', Buffer.from('a different text altogether, long enough').toString('base64')],
    ['a malformed URL escape', '%E0%A4%A'],
  ])('finds nothing in %s', (_what, text) => {
    expect(find(text)).toBeUndefined();
  });
});
