//! Collections: one [`Page`] of a collection response and the [`Pager`]
//! that follows `@odata.nextLink` page by page or as a stream of items.
//!
//! Graph answers a collection with `{"value": [...], "@odata.nextLink": ...}`;
//! the next link is an opaque absolute URL (it carries `$skiptoken`) and the
//! last page of a delta query carries `@odata.deltaLink` instead, to be
//! stored and sent later to get only what changed. Links are followed only on
//! the client's own scheme, host and port ([`Error::ForeignLink`] otherwise,
//! before the token is fetched), and every page is requested with the first
//! request's headers, since `ConsistencyLevel: eventual` and `Prefer`
//! (`odata.maxpagesize`, `outlook.body-content-type`) apply to every page.

use std::fmt;
use std::sync::Arc;

use futures::Stream;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::client::{decode_json, Core};
use crate::error::Error;
use crate::object::{Reader, Writer};
use crate::request::OperationRequest;

/// One page of a collection response.
///
/// Keys other than `value` and the annotations below (`@odata.context`,
/// ...) are kept in [`other`](Page::other), so a page serializes back to the
/// JSON it came from (key order aside).
///
/// ```
/// use graph_runtime::Page;
/// let page: Page<serde_json::Value> = serde_json::from_str(r#"{
///     "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users",
///     "@odata.count": "2",
///     "@odata.nextLink": "https://graph.microsoft.com/v1.0/users?$skiptoken=X",
///     "value": [{"id": "1"}, {"id": "2"}]
/// }"#).unwrap();
/// assert_eq!(page.value.len(), 2);
/// assert_eq!(page.count, Some(2));
/// assert!(page.next_link.is_some());
/// assert!(page.other.contains_key("@odata.context"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The items of this page (`value`; empty when absent).
    pub value: Vec<T>,
    /// `@odata.nextLink`: where the next page is; absent on the last page.
    pub next_link: Option<String>,
    /// `@odata.deltaLink`: on the last page of a delta query, the link that
    /// returns what changed since.
    pub delta_link: Option<String>,
    /// `@odata.count` (with `$count=true`): the size of the whole collection.
    /// Read from a number or, as IEEE754-compatible answers send it, a string.
    pub count: Option<i64>,
    /// Every other key of the answer, as sent.
    pub other: serde_json::Map<String, serde_json::Value>,
}

// `Serialize` and `Deserialize` are written out over `Reader`/`Writer`, as the generated
// models are, rather than derived: the derive (with `flatten` and a `with` adapter for
// the count) compiled a visitor of ~470 lines of LLVM IR per item type into every crate
// that reads pages, ~120,000 lines in each example-test binary.

impl<T: Serialize> Serialize for Page<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.write_fields().serialize(s)
    }
}

impl<T: Serialize> Page<T> {
    /// The page as a JSON object: [`other`](Page::other), then `value` and the annotations
    /// that are set.
    fn write_fields(&self) -> Writer {
        let mut w = Writer::new(self.other.clone());
        w.value("value", &self.value);
        w.optional("@odata.nextLink", &self.next_link);
        w.optional("@odata.deltaLink", &self.delta_link);
        w.optional("@odata.count", &self.count);
        w
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Page<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Reader::read(d, Self::read_fields)
    }
}

impl<T: DeserializeOwned> Page<T> {
    /// Takes `value` (absent: empty), the links (absent or `null`: none) and the count
    /// out of `r`; the other keys stay in [`other`](Page::other).
    fn read_fields(r: &mut Reader) -> Result<Self, serde_json::Error> {
        Ok(Page {
            value: r.optional("value").unwrap_or_default(),
            next_link: r.field("@odata.nextLink").flatten(),
            delta_link: r.field("@odata.deltaLink").flatten(),
            count: count(r.field("@odata.count").flatten())?,
            other: r.rest(),
        })
    }
}

/// `@odata.count` from a number or a string of digits.
fn count(value: Option<serde_json::Value>) -> Result<Option<i64>, serde_json::Error> {
    let Some(value) = value else {
        return Ok(None);
    };
    let parsed = match &value {
        serde_json::Value::Number(n) => n.as_i64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    match parsed {
        Some(n) => Ok(Some(n)),
        None => Err(serde::de::Error::custom(format!(
            "property \"@odata.count\": expected an integer or a string of one, found {value}"
        ))),
    }
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page {
            value: Vec::new(),
            next_link: None,
            delta_link: None,
            count: None,
            other: serde_json::Map::new(),
        }
    }
}

/// Reads a collection page by page, following `@odata.nextLink`.
///
/// Made by [`Client::pages`](crate::Client::pages). The first call of
/// [`next_page`](Pager::next_page) sends the request it was made from; each
/// later call sends a `GET` of the previous page's next link with the first
/// request's headers. After the last page, `next_page` answers `Ok(None)`
/// and [`delta_link`](Pager::delta_link) holds the `@odata.deltaLink` of a
/// delta query: store it and resume later with
/// `client.pages(OperationRequest::from_link(Method::GET, link))`.
///
/// ```no_run
/// # async fn demo(client: graph_runtime::Client<graph_runtime::V1>) -> Result<(), graph_runtime::Error> {
/// use graph_runtime::OperationRequest;
/// use reqwest::Method;
///
/// let mut pager = client.pages::<serde_json::Value>(OperationRequest::new(
///     Method::GET,
///     "/me/messages/delta".into(),
/// ));
/// while let Some(page) = pager.next_page().await? {
///     for message in page.value {
///         println!("{}", message["subject"]);
///     }
/// }
/// let resume_from = pager.delta_link().map(str::to_owned);
/// # let _ = resume_from; Ok(()) }
/// ```
pub struct Pager<T> {
    core: Arc<Core>,
    first: OperationRequest,
    state: State,
    delta_link: Option<String>,
    pages: u32,
    _items: std::marker::PhantomData<fn() -> T>,
}

/// Where a pager stands.
enum State {
    /// Nothing sent yet.
    Start,
    /// The previous page named this next link.
    Next(String),
    /// The last page was read (or an error ended the walk).
    Done,
}

impl<T> fmt::Debug for Pager<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &self.state {
            State::Start => "start",
            State::Next(_) => "next",
            State::Done => "done",
        };
        f.debug_struct("Pager")
            .field("first", &self.first)
            .field("state", &state)
            .field("pages", &self.pages)
            .field("delta_link", &self.delta_link)
            .finish()
    }
}

impl<T: DeserializeOwned> Pager<T> {
    pub(crate) fn new(core: Arc<Core>, first: OperationRequest) -> Self {
        Pager {
            core,
            first,
            state: State::Start,
            delta_link: None,
            pages: 0,
            _items: std::marker::PhantomData,
        }
    }

    /// Fetches the next page; `Ok(None)` once the last page was read.
    ///
    /// An error (including [`Error::ForeignLink`] for a next link to another
    /// origin) ends the walk: later calls answer `Ok(None)`.
    pub async fn next_page(&mut self) -> Result<Option<Page<T>>, Error> {
        let op = match std::mem::replace(&mut self.state, State::Done) {
            State::Start => self.first.clone(),
            State::Next(link) => self.first.follow(&link),
            State::Done => return Ok(None),
        };
        let answer = self.core.execute(&op).await?;
        let page: Page<T> = decode_json(&answer)?;
        self.pages += 1;
        if page.delta_link.is_some() {
            self.delta_link.clone_from(&page.delta_link);
        }
        if let Some(next) = &page.next_link {
            self.state = State::Next(next.clone());
        }
        Ok(Some(page))
    }

    /// The `@odata.deltaLink` of the last page read, if a page carried one.
    pub fn delta_link(&self) -> Option<&str> {
        self.delta_link.as_deref()
    }

    /// How many pages were read so far.
    pub fn pages_read(&self) -> u32 {
        self.pages
    }

    /// Reads every remaining page; returns all items and the delta link.
    pub async fn collect_all(mut self) -> Result<(Vec<T>, Option<String>), Error> {
        let mut items = Vec::new();
        while let Some(page) = self.next_page().await? {
            items.extend(page.value);
        }
        Ok((items, self.delta_link))
    }

    /// The items of every remaining page as one stream, fetching the next
    /// page when the items of the previous one are used up. The stream ends
    /// after the last page, or after yielding the first error.
    ///
    /// ```no_run
    /// # async fn demo(client: graph_runtime::Client<graph_runtime::V1>) -> Result<(), graph_runtime::Error> {
    /// use futures::TryStreamExt;
    /// use graph_runtime::OperationRequest;
    /// let op = OperationRequest::new(reqwest::Method::GET, "/users".into())
    ///     .header("ConsistencyLevel", "eventual");
    /// let users: Vec<serde_json::Value> = client.items(op).try_collect().await?;
    /// # let _ = users; Ok(()) }
    /// ```
    pub fn into_items(self) -> impl Stream<Item = Result<T, Error>> + Send
    where
        T: Send + 'static,
    {
        let start = (self, Vec::new().into_iter());
        futures::stream::try_unfold(start, |(mut pager, mut buffered)| async move {
            loop {
                if let Some(item) = buffered.next() {
                    return Ok(Some((item, (pager, buffered))));
                }
                match pager.next_page().await? {
                    Some(page) => buffered = page.value.into_iter(),
                    None => return Ok(None),
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> Result<Page<serde_json::Value>, serde_json::Error> {
        serde_json::from_str(text)
    }

    #[test]
    fn a_page_reads_and_writes_back_what_it_was_sent() {
        let text = r#"{"@odata.context": "c", "@odata.count": 3, "@odata.nextLink": "n", "value": [1, 2]}"#;
        let p = page(text).unwrap();
        assert_eq!(p.value, vec![serde_json::json!(1), serde_json::json!(2)]);
        assert_eq!(p.count, Some(3));
        assert_eq!(p.next_link.as_deref(), Some("n"));
        assert_eq!(p.delta_link, None);
        assert_eq!(p.other.len(), 1);
        let back = serde_json::to_value(&p).unwrap();
        assert_eq!(
            back,
            serde_json::from_str::<serde_json::Value>(text).unwrap()
        );
    }

    #[test]
    fn absent_or_null_parts_read_as_empty_and_bad_ones_fail() {
        let p = page(r#"{"@odata.nextLink": null}"#).unwrap();
        assert!(p.value.is_empty() && p.next_link.is_none() && p.count.is_none());
        assert_eq!(page(r#"{"@odata.count": " 42"}"#).unwrap().count, Some(42));
        let err = page(r#"{"@odata.count": "many"}"#).unwrap_err().to_string();
        assert!(err.contains("@odata.count"), "{err}");
        assert!(page(r#"{"value": null}"#).is_err());
        assert!(page(r#"{"value": {}}"#).is_err());
        assert!(page("[]").is_err());
    }
}
