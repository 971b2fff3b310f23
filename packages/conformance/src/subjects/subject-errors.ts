import { isAbsolute, relative } from 'node:path';
import { distance } from 'fastest-levenshtein';
import { type Document, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';

/**
 * Stable codes of {@link SubjectFileError}: `SUBJECT_UNREADABLE` (the file cannot be read),
 * `SUBJECT_SYNTAX` (it is not valid YAML), `SUBJECT_INVALID` (valid YAML that does not describe a
 * subject: unknown keys, wrong types or values, unknown `{{placeholders}}`).
 */
export type SubjectErrorCode = 'SUBJECT_UNREADABLE' | 'SUBJECT_SYNTAX' | 'SUBJECT_INVALID';

/** A key path inside a subject file, e.g. `['capabilities', 'transports', 0]`. */
export type SubjectPath = readonly (string | number)[];

/** One problem of a subject file, where it is. */
export interface SubjectProblem {
  /** The key path at fault; empty for the whole file or a YAML syntax error. */
  path: SubjectPath;
  /** What is wrong, with a "did you mean" hint when a known name is close. */
  message: string;
  /** 1-based line and column in the file, when known. */
  line?: number;
  column?: number;
  /** Source lines to show under the problem (a YAML syntax error's line and a caret). */
  excerpt?: string[];
}

/**
 * A subject file that cannot be used, with every problem found at once, each at its `file:line:column`.
 * The message is one block: a header line, one line per problem, then `notes` (e.g. the known
 * placeholders); the CLI prints it as is and exits with the usage status.
 */
export class SubjectFileError extends Error {
  readonly code: SubjectErrorCode;
  /** The file as shown in the message (relative to the working folder when inside it). */
  readonly file: string;
  /** Every problem, in file order. */
  readonly problems: readonly SubjectProblem[];

  constructor(code: SubjectErrorCode, file: string, problems: SubjectProblem[], notes: string[] = []) {
    const sorted = [...problems].sort(
      (a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
    );
    super(formatProblems(code, file, sorted, notes));
    this.name = 'SubjectFileError';
    this.code = code;
    this.file = file;
    this.problems = sorted;
  }
}

function formatProblems(code: SubjectErrorCode, file: string, problems: SubjectProblem[], notes: string[]) {
  const what =
    code === 'SUBJECT_UNREADABLE'
      ? 'cannot be read'
      : code === 'SUBJECT_SYNTAX'
        ? 'is not valid YAML'
        : 'is not a valid subject';
  const n = problems.length;
  const lines = [`[agentotel] subject file ${file} ${what} (${n} problem${n === 1 ? '' : 's'}):`];
  for (const p of problems) {
    const at = p.line !== undefined ? `${file}:${p.line}:${p.column ?? 1}` : file;
    lines.push(`  ${at}: ${p.path.length ? `${formatPath(p.path)}: ` : ''}${p.message}`);
    for (const e of p.excerpt ?? []) lines.push(`      ${e}`);
  }
  for (const note of notes) lines.push(`  ${note}`);
  return lines.join('\n');
}

/**
 * A key path as a reader writes it: `capabilities.transports[0]`, `files["config.toml"]`,
 * `capabilities.decisions["denied/user"]`.
 */
export function formatPath(path: SubjectPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out || '(root)';
}

/** `file` as shown to the user: relative to the working folder when inside it, else absolute. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/**
 * The candidate `input` most likely meant: the closest by Levenshtein distance (case-insensitive) when
 * at most a third of the longer name differs (at least one edit), else the only candidate that contains
 * `input` (three characters or more); `undefined` when `input` is itself a candidate or nothing is close.
 *
 * @example didYouMean('configDri', ['configDir', 'workDir']) // 'configDir'
 */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  const low = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = distance(low, c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  if (best === undefined || best === input) return undefined;
  if (bestDistance <= Math.max(1, Math.floor(Math.max(input.length, best.length) / 3))) return best;
  if (low.length < 3) return undefined;
  const containing = candidates.filter((c) => c.toLowerCase().includes(low));
  return containing.length === 1 ? containing[0] : undefined;
}

/** ` (did you mean "x"?)`, or the empty string. */
export function hint(input: string, candidates: readonly string[], quote: (s: string) => string = q): string {
  const m = didYouMean(input, candidates);
  return m === undefined ? '' : ` (did you mean ${quote(m)}?)`;
}

const q = (s: string) => JSON.stringify(s);

/** The YAML noun for a zod type name, with its article: `object` → "a mapping", `array` → "a list", `integer` → "an integer". */
function expectedNoun(expected: string): string {
  if (expected === 'object') return 'a mapping';
  if (expected === 'array') return 'a list';
  return `${/^[aeiou]/.test(expected) ? 'an' : 'a'} ${expected}`;
}

/** A line and a column, 1-based. */
export interface Position {
  line: number;
  column: number;
}

/**
 * A subject file's YAML source: the parsed document, with positions for key paths (the `yaml` package's
 * node ranges and {@link LineCounter}).
 */
export class SubjectSource {
  readonly doc: Document.Parsed;
  /** The file's text. */
  readonly text: string;
  private readonly lines: LineCounter;

  constructor(text: string) {
    this.text = text;
    this.lines = new LineCounter();
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false });
  }

  /** Every YAML syntax error, each at its line with the source line and a caret. */
  syntaxProblems(): SubjectProblem[] {
    return this.doc.errors.map((e) => {
      const at = this.position(e.pos[0]);
      const source = this.text.split(/\r?\n/)[at.line - 1] ?? '';
      return {
        path: [],
        message: e.message.replace(/\s+/g, ' ').trim(),
        ...at,
        excerpt: source.trim() ? [source, `${' '.repeat(at.column - 1)}^`] : [],
      };
    });
  }

  /** The 1-based position of a character offset. */
  position(offset: number): Position {
    const { line, col } = this.lines.linePos(offset);
    return { line: Math.max(line, 1), column: col };
  }

  /**
   * Where `path` is written: its value, or with `at: 'key'` its key. A path that does not exist (a
   * missing key) resolves to the deepest key that does; an empty file to line 1.
   */
  locate(path: SubjectPath, at: 'key' | 'value' = 'value'): Position {
    return this.position(this.offsetOf(path, at));
  }

  /**
   * Where `fragment` (e.g. a `{{placeholder}}`) is written inside the scalar at `path`: its
   * `occurrence`-th appearance (0-based), or the scalar itself when the source spells it otherwise.
   */
  locateInside(path: SubjectPath, fragment: string, occurrence = 0): Position {
    const start = this.offsetOf(path, 'value');
    const node = this.doc.getIn(path, true);
    if (isScalar(node) && node.range) {
      const source = this.text.slice(node.range[0], node.range[1]);
      let i = -1;
      for (let k = 0; k <= occurrence; k++) {
        i = source.indexOf(fragment, i + 1);
        if (i < 0) break;
      }
      if (i >= 0) return this.position(node.range[0] + i);
    }
    return this.position(start);
  }

  private offsetOf(path: SubjectPath, at: 'key' | 'value'): number {
    let node: unknown = this.doc.contents;
    let anchor = rangeStart(node) ?? 0;
    for (const [i, seg] of path.entries()) {
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(seg));
        if (!pair) return anchor;
        const keyStart = rangeStart(pair.key) ?? anchor;
        if (last && at === 'key') return keyStart;
        anchor = keyStart;
        node = pair.value;
        if (node === null || node === undefined) return anchor;
      } else if (isSeq(node) && typeof seg === 'number') {
        node = node.items[seg];
        if (node === undefined) return anchor;
      } else return anchor;
      anchor = rangeStart(node) ?? anchor;
    }
    return anchor;
  }
}

function rangeStart(node: unknown): number | undefined {
  return (node as { range?: [number, number, number] } | null | undefined)?.range?.[0];
}

// ---------------------------------------------------------------------------------------------------
// zod issues
// ---------------------------------------------------------------------------------------------------

interface LooseDef {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  element?: z.ZodType;
  entries?: Record<string, string | number>;
}
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: LooseDef } })._zod.def;
const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'nonoptional', 'readonly', 'catch']);

function unwrap(s: z.ZodType): z.ZodType {
  let d = defOf(s);
  while (WRAPPERS.has(d.type) && d.innerType) {
    s = d.innerType;
    d = defOf(s);
  }
  return s;
}

/** The keys a mapping at `path` of `schema` accepts (object keys, or the enum of a record's keys). */
export function allowedKeys(schema: z.ZodType, path: SubjectPath): string[] {
  let s: z.ZodType | undefined = schema;
  for (const seg of path) {
    const d = defOf(unwrap(s));
    s = d.type === 'object' ? d.shape?.[String(seg)] : d.type === 'record' ? d.valueType : d.element;
    if (!s) return [];
  }
  const d = defOf(unwrap(s));
  if (d.type === 'object') return Object.keys(d.shape ?? {});
  if (d.type === 'record' && d.keyType) {
    const k = defOf(unwrap(d.keyType));
    if (k.type === 'enum') return Object.values(k.entries ?? {}).map(String);
  }
  return [];
}

function valueAt(input: unknown, path: SubjectPath): unknown {
  let v = input;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

/**
 * Every zod issue as a {@link SubjectProblem} at its line: an unknown key (one problem per key, at the
 * key, with "did you mean" or the allowed keys), a value outside an enum (with "did you mean"), a
 * missing key, a wrong type.
 */
export function zodProblems(
  issues: readonly z.core.$ZodIssue[],
  source: SubjectSource,
  schema: z.ZodType,
  input: unknown,
): SubjectProblem[] {
  const out: SubjectProblem[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys(schema, path);
      const present = valueAt(input, path);
      // a key already written is no suggestion (`nme:` beside `name:`)
      const unused = allowed.filter((k) => !(present && typeof present === 'object' && k in present));
      for (const key of issue.keys) {
        const h = hint(key, unused);
        const rest = h || (allowed.length ? `; allowed: ${allowed.join(', ')}` : '');
        out.push({
          path: [...path, key],
          message: `unknown key${rest}`,
          ...source.locate([...path, key], 'key'),
        });
      }
      continue;
    }
    const value = valueAt(input, path);
    let message = issue.message.replace(/^Invalid input: /, '');
    if (issue.code === 'invalid_value' && issue.values.every((v) => typeof v === 'string')) {
      const values = issue.values as string[];
      message = `expected one of: ${values.join(', ')}`;
      if (typeof value === 'string') message += `; got ${q(value)}${hint(value, values)}`;
    } else if (issue.code === 'invalid_type' && value === undefined) {
      message = `required key is missing (${expectedNoun(issue.expected)})`;
    } else if (issue.code === 'invalid_type' && issue.expected === 'object' && path.length === 0) {
      message = `expected a mapping of subject keys (name, command, …), got ${value === null ? 'an empty document' : typeof value}`;
    }
    out.push({ path, message, ...source.locate(path) });
  }
  return out;
}
