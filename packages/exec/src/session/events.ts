/** Items of `--json` output and app-server notifications (docs/responses-sse.md §4). */
export type ThreadItem =
  | { id: string; type: 'agent_message'; text: string }
  | { id: string; type: 'reasoning'; text: string }
  | {
      id: string;
      type: 'command_execution';
      command: string;
      aggregated_output: string;
      exit_code: number | null;
      status: 'in_progress' | 'completed' | 'failed' | 'declined';
    }
  | {
      id: string;
      type: 'mcp_tool_call';
      server: string;
      tool: string;
      status: 'in_progress' | 'completed' | 'failed';
      result?: string;
      error?: string;
    }
  | { id: string; type: 'error'; message: string };

/** Token usage of a turn as `turn.completed` reports it. */
export interface TurnUsage {
  input_tokens: number;
  cached_input_tokens: number;
  output_tokens: number;
}

/** One JSON Lines event of `agentotel-exec --json`. */
export type ThreadEvent =
  | { type: 'thread.started'; thread_id: string }
  | { type: 'turn.started' }
  | { type: 'item.started'; item: ThreadItem }
  | { type: 'item.updated'; item: ThreadItem }
  | { type: 'item.completed'; item: ThreadItem }
  | { type: 'turn.completed'; usage: TurnUsage }
  | { type: 'turn.failed'; error: { message: string } }
  | { type: 'error'; message: string };
