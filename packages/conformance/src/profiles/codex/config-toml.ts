/**
 * A `config.toml` body for Codex-style agents: a custom model provider pointing at the mock, the
 * approval policy, retries kept small, and the `[otel]` table (`{{otelToml}}`).
 *
 * @see docs/responses-sse.md §4
 */
export const CODEX_STYLE_CONFIG = `model = "gpt-5"
model_provider = "mock"
approval_policy = "{{approvalPolicy}}"
sandbox_mode = "danger-full-access"

[model_providers.mock]
name = "Mock Responses"
base_url = "{{modelBaseUrl}}"
wire_api = "responses"
env_key = "MOCK_API_KEY"
request_max_retries = {{requestMaxRetries}}
stream_max_retries = {{streamMaxRetries}}

{{otelToml}}`;
