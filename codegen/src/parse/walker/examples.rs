//! Example requests and their responses: each request block becomes an [`Example`]
//! (named by its annotation or `<stem>-example-<n>`), and each response block is paired
//! with the requests of the same name, else with the last request still waiting.

use super::Walker;
use crate::diag::Code;
use crate::model::*;
use crate::parse::Issue;
use crate::parse::{example_block, url};

impl Walker<'_> {
    pub(super) fn request_example(
        &mut self,
        content: &str,
        content_line: u32,
        ann: Option<Annotation>,
    ) {
        match example_block::parse_request_block(content, content_line) {
            Ok(block) => {
                self.issues.extend(block.issues);
                let (name, named) = match ann.as_ref().and_then(|a| a.names.first()) {
                    Some(n) => (n.clone(), true),
                    None => {
                        self.unnamed += 1;
                        (format!("{}-example-{}", self.stem, self.unnamed), false)
                    }
                };
                let line = ann.as_ref().map_or(content_line, |a| a.line);
                self.page.examples.push(Example {
                    name,
                    named,
                    request: ExampleRequest {
                        method: block.method,
                        target: url::request_target(&block.url),
                        url: block.url,
                        headers: block.headers,
                        body: block.body,
                        annotation: ann,
                        line: content_line.max(line),
                    },
                    response: None,
                });
                let i = self.page.examples.len() - 1;
                self.unpaired.push(i);
                if let Some(ex) = self.page.examples.get(i) {
                    self.unpaired_by_name
                        .entry(ex.name.clone())
                        .or_default()
                        .push(i);
                }
            }
            Err(issue) => self.issues.push(issue),
        }
    }

    pub(super) fn response_example(
        &mut self,
        content: &str,
        content_line: u32,
        ann: Option<Annotation>,
    ) {
        let block = match example_block::parse_response_block(content, content_line) {
            Ok(b) => b,
            Err(issue) => {
                self.issues.push(issue);
                return;
            }
        };
        self.issues.extend(block.issues);
        let odata_type = ann.as_ref().and_then(|a| a.odata_type.clone());
        let is_collection = ann.as_ref().and_then(|a| a.is_collection).unwrap_or(false)
            || odata_type
                .as_deref()
                .is_some_and(|t| t.starts_with("Collection("));
        let response = ExampleResponse {
            status: block.status,
            reason: block.reason,
            headers: block.headers,
            body: block.body,
            truncated: ann.as_ref().and_then(|a| a.truncated).unwrap_or(false),
            odata_type,
            is_collection,
            annotation: ann.clone(),
            line: content_line,
        };
        // Pair by name first, then with the last unpaired request.
        let names = ann.as_ref().map(|a| a.names.clone()).unwrap_or_default();
        let waiting =
            |examples: &[Example], i: usize| examples.get(i).is_some_and(|e| e.response.is_none());
        let mut targets: Vec<usize> = Vec::new();
        for name in &names {
            // Every unpaired request of that name is paired now, so the entry goes.
            if let Some(found) = self.unpaired_by_name.remove(name) {
                targets.extend(
                    found
                        .into_iter()
                        .filter(|&i| waiting(&self.page.examples, i)),
                );
            }
        }
        targets.sort_unstable();
        targets.dedup();
        if targets.is_empty() {
            while let Some(&last) = self.unpaired.last() {
                if waiting(&self.page.examples, last) {
                    targets.push(last);
                    break;
                }
                self.unpaired.pop();
            }
        }
        if targets.is_empty() {
            self.issues.push(Issue::warning(
                Code::ResponseWithoutRequest,
                content_line,
                "example response has no request before it to pair with",
            ));
            return;
        }
        for i in &targets {
            if let Some(ex) = self.page.examples.get_mut(*i) {
                ex.response = Some(response.clone());
            }
        }
        // The paired entries of `unpaired` and `unpaired_by_name` are now stale.
    }
}
