//! The HTTP layer: axum routes, errors as problem details, the web page.
