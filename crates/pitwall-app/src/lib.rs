//! The question pipeline: ties engines, guards and storage together in one Arc<App>.
