//! Sends a draft message through the SDK.
//!
//! ```text
//! cargo run --manifest-path generated/Cargo.toml --example send_draft -- \
//!     --base-url URL --token TOKEN [--user ID_OR_UPN] MESSAGE_ID
//! ```
//!
//! Without `--user` it calls `POST /me/messages/{id}/send`, with it
//! `POST /users/{id | userPrincipalName}/messages/{id}/send`. On success it prints `sent`
//! and exits 0; on an error response it prints Graph's error code, message and request-id
//! to stderr and exits 1.
//!
//! required-features: outlook
//! dev-dependencies: clap, tokio

use clap::Parser;
use graph_sdk::outlook::{message_send, MessageSendPath};
use graph_sdk::{Client, Error};
use std::process::ExitCode;

/// Send a draft message with Microsoft Graph.
#[derive(Debug, Parser)]
struct Args {
    /// Graph base URL (national clouds, test servers); default: the crate's API version
    /// on the global cloud.
    #[arg(long, default_value = graph_sdk::DEFAULT_BASE_URL)]
    base_url: String,
    /// Access token with the Mail.Send permission.
    #[arg(long)]
    token: String,
    /// Send from this user's mailbox (id or userPrincipalName) instead of `/me`.
    #[arg(long)]
    user: Option<String>,
    /// Id of the draft message.
    message_id: String,
}

async fn send(args: &Args) -> Result<(), Error> {
    let client = Client::builder()
        .base_url(&args.base_url)
        .token(args.token.as_str())
        .build()?;
    let path = match &args.user {
        Some(user) => MessageSendPath::Users {
            user_id: user,
            message_id: &args.message_id,
        },
        None => MessageSendPath::Me {
            message_id: &args.message_id,
        },
    };
    message_send(&client, path).await
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    match send(&args).await {
        Ok(()) => {
            println!("sent");
            ExitCode::SUCCESS
        }
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
