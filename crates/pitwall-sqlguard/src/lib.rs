//! Guard for untrusted (LLM-written) SQL: parse, allow one read-only SELECT, cap rows, time-limit execution.
