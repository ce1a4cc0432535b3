//! An OpenAI-compatible stand-in server for tests: real wire format plus injectable faults.
