//! HTTP request templates, request lines and example request/response blocks.
