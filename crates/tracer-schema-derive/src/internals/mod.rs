//! The derive's front end: attributes parsed into a typed model, then checked as a whole.

pub mod ast;
pub mod attr;
pub mod check;
