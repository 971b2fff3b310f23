import { MockServerError } from '../../responses/errors.ts';
import { RecordedRequest } from '../../responses/recorded-request.ts';
import type { GeminiPart } from './chunks.ts';

/** One entry of the request's `contents` array. */
export interface GeminiContent {
  readonly role?: 'user' | 'model' | (string & {});
  readonly parts: GeminiPart[];
}

/**
 * One request the Gemini mock received, with accessors over the path (`model()`, `method()`) and the
 * JSON body (`contents`, `systemInstruction`, `tools`) besides the raw ones (`header()`, `path()`,
 * `queryParam()`, `bodyJson()`).
 */
export class GeminiRequest extends RecordedRequest {
  /** The model in the path, e.g. `gemini-2.5-flash` for `/v1beta/models/gemini-2.5-flash:generateContent`. */
  model(): string | undefined {
    return /\/models\/([^/:]+):/.exec(this.raw.path)?.[1];
  }

  /** The method after the colon, e.g. `streamGenerateContent` or `generateContent`. */
  method(): string | undefined {
    return /:([A-Za-z]+)$/.exec(this.raw.path)?.[1];
  }

  /**
   * The `contents` array.
   *
   * @throws {MockServerError} `REQUEST_SHAPE` when the body is not JSON or has no `contents` array.
   */
  contents(): GeminiContent[] {
    const contents = this.bodyJson()?.contents;
    if (!Array.isArray(contents)) {
      throw new MockServerError('REQUEST_SHAPE', `no "contents" array in the Gemini request ${this}`);
    }
    return contents;
  }

  /** Every part of every content of the given role, in order. */
  parts(role: string): GeminiPart[] {
    return this.contents()
      .filter((c) => c.role === role)
      .flatMap((c) => (Array.isArray(c.parts) ? c.parts : []));
  }

  /** The `text` of the user parts, in order (function responses excluded). */
  userTexts(): string[] {
    return this.parts('user')
      .filter((p) => typeof p.text === 'string')
      .map((p) => p.text as string);
  }

  /** The names of the declared functions (`tools[].functionDeclarations[].name`), in request order. */
  functionDeclarationNames(): string[] {
    const tools = this.bodyJson()?.tools;
    if (!Array.isArray(tools)) return [];
    return tools.flatMap((t: { functionDeclarations?: { name?: unknown }[] }) =>
      Array.isArray(t?.functionDeclarations) ? t.functionDeclarations.map((d) => String(d?.name)) : [],
    );
  }

  /** Every `functionResponse` (`{name, response, id?}`) in the contents, in order. */
  functionResponses(): GeminiPart[] {
    return this.contents()
      .flatMap((c) => (Array.isArray(c.parts) ? c.parts : []))
      .filter((p) => p.functionResponse !== undefined)
      .map((p) => p.functionResponse);
  }

  /**
   * The last `functionResponse` for function `name` (`{name, response, id?}`): the client's answer to a
   * `functionCall`.
   *
   * @throws {MockServerError} `REQUEST_SHAPE` naming the function responses present when there is none.
   * @example (await mock.lastRequest()).functionResponse('run_shell_command').response
   */
  functionResponse(name: string): GeminiPart {
    const all = this.functionResponses();
    const found = all.filter((r) => r?.name === name).at(-1);
    if (found === undefined) {
      const names = all.map((r) => JSON.stringify(r?.name)).join(', ') || 'none';
      throw new MockServerError(
        'REQUEST_SHAPE',
        `no functionResponse for ${JSON.stringify(name)} in ${this} (function responses present: ${names})`,
      );
    }
    return found;
  }
}
