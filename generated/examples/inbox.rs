//! Lists the messages of a mailbox, newest first, following next links.
//!
//! ```text
//! cargo run --manifest-path generated/Cargo.toml --example inbox -- \
//!     --base-url URL --token TOKEN [--user ID_OR_UPN] [--max N]
//! ```
//!
//! Without `--user` it reads `GET /me/messages`, with it
//! `GET /users/{id | userPrincipalName}/messages`, asking for
//! `$orderby=receivedDateTime desc` and `$select=receivedDateTime,from,subject`, and
//! prints one line per message: `receivedDateTime<TAB>from address<TAB>subject`
//! (`receivedDateTime` as Graph sent it). It follows `@odata.nextLink` until the last
//! page or `--max` messages. On a Graph error it prints the error code, message and
//! request-id to stderr and exits 1; a next link to another host is refused (exit 1).
//!
//! The messages are read as the generated `graph_sdk::types::Message`, with the
//! runtime's item stream over the generated request of `user_list_messages`.
//!
//! required-features: outlook
//! dev-dependencies: clap, futures, tokio

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use futures::{StreamExt, TryStreamExt};
use graph_sdk::outlook::{user_list_messages_request, UserListMessagesPath};
use graph_sdk::types::{AnyRecipient, Message};
use graph_sdk::{Client, Error, ODataQuery};

/// List the newest messages of a mailbox with Microsoft Graph.
#[derive(Debug, Parser)]
struct Args {
    /// Graph base URL (national clouds, test servers); default: the crate's API version
    /// on the global cloud.
    #[arg(long, default_value = graph_sdk::DEFAULT_BASE_URL)]
    base_url: String,
    /// Access token with the Mail.ReadBasic (or Mail.Read) permission.
    #[arg(long)]
    token: String,
    /// Read this user's mailbox (id or userPrincipalName) instead of `/me`.
    #[arg(long)]
    user: Option<String>,
    /// Stop after this many messages.
    #[arg(long)]
    max: Option<usize>,
}

/// The sender's address: a `from` recipient of any documented recipient type.
fn sender(message: &Message) -> Option<&str> {
    let email = match message.from.as_ref()?.as_ref()? {
        AnyRecipient::Recipient(r) => &r.email_address,
        AnyRecipient::AttendeeBase(r) => &r.email_address,
        AnyRecipient::Attendee(r) => &r.email_address,
    };
    email.as_ref()?.as_ref()?.address.as_ref()?.as_deref()
}

/// One output line; tabs and line breaks inside values become spaces.
fn line(message: &Message) -> String {
    let clean = |text: Option<&str>| text.unwrap_or("").replace(['\t', '\r', '\n'], " ");
    let received = message
        .received_date_time
        .as_ref()
        .and_then(Option::as_ref)
        .map(|t| t.as_str());
    let subject = message.subject.as_ref().and_then(Option::as_deref);
    format!(
        "{}\t{}\t{}",
        clean(received),
        clean(sender(message)),
        clean(subject)
    )
}

async fn list(args: &Args) -> Result<(), Error> {
    let client = Client::builder()
        .base_url(&args.base_url)
        .token(args.token.as_str())
        .build()?;
    let path = match &args.user {
        Some(user) => UserListMessagesPath::Users { user_id: user },
        None => UserListMessagesPath::Me,
    };
    let query = ODataQuery::new()
        .orderby(["receivedDateTime desc"])
        .select(["receivedDateTime", "from", "subject"]);
    let messages = client
        // Read as the base `Message`: event messages keep their own properties in
        // `additional_properties`, and every item has the same shape.
        .items::<Message>(user_list_messages_request(path, &query))
        .take(args.max.unwrap_or(usize::MAX));
    let mut messages = std::pin::pin!(messages);
    let mut out = std::io::stdout().lock();
    while let Some(message) = messages.try_next().await? {
        // A closed stdout (`| head`) ends the listing quietly.
        if writeln!(out, "{}", line(&message)).is_err() {
            break;
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    match list(&args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            match err.graph_error() {
                Some(graph) => eprintln!("error: {}: {}", graph.code, graph.message),
                None => eprintln!("error: {err}"),
            }
            if let Some(status) = err.status() {
                eprintln!("status: {status}");
            }
            eprintln!("request-id: {}", err.request_id().unwrap_or("-"));
            ExitCode::FAILURE
        }
    }
}
