//! LLM cost control: price table, usage ledger, reservation-based budgets and threshold alerts.
