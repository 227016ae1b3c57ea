import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { tapBody } from './tap-body';

export interface LoggedResponse {
  method: string;
  status: number;
  contentType: string;
  wwwAuthenticate?: string;
}

/**
 * What one session's HTTP traffic looked like: every status and every error, as the fetch saw
 * them. The SDK transports turn these into messages (and the SSE one into events without the
 * error itself), so the inspector classifies a failure from this record, not from SDK wording.
 */
export class FetchLog {
  readonly responses: LoggedResponse[] = [];
  readonly errors: unknown[] = [];

  /**
   * `base`, recording into this log. `onFatal` hears of an error inside an event stream's body (a
   * cap crossed): the SDK only reports those to onerror, so the session would otherwise sit
   * until its wall clock ran out.
   */
  wrap(base: FetchLike, onFatal: (error: unknown) => void): FetchLike {
    return async (url, init) => {
      const method = (init?.method ?? 'GET').toUpperCase();
      let response: Response;
      try {
        response = await base(url, init);
      } catch (error) {
        this.record(error);
        throw error;
      }
      const contentType = response.headers.get('content-type') ?? '';
      const wwwAuthenticate = response.headers.get('www-authenticate') ?? undefined;
      this.responses.push({
        method,
        status: response.status,
        contentType,
        ...(wwwAuthenticate && { wwwAuthenticate }),
      });
      if (!response.body || !contentType.startsWith('text/event-stream')) return response;
      const body = tapBody(
        response.body,
        () => undefined,
        (error) => {
          if (this.record(error)) onFatal(error);
        },
      );
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    };
  }

  /** Keeps `error` unless it is the abort of a session being closed; says whether it kept it. */
  private record(error: unknown): boolean {
    if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) return false;
    this.errors.push(error);
    return true;
  }
}
