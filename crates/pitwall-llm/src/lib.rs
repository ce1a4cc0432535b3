//! OpenAI-compatible Chat Completions client with tool calling, retries and usage accounting.
