//! JSON annotations in HTML comments.
