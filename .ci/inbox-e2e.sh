#!/usr/bin/env bash
# End to end: the inbox app (built with the mail area only) against a local Graph stand-in
# that serves three pages of messages.
set -euo pipefail
cd "$(dirname "$0")/.."
port=18090
python3 - "$port" <<'PY' &
import http.server, json, sys, urllib.parse
port = int(sys.argv[1])
base = f"http://127.0.0.1:{port}/v1.0"
msg = lambda t, a, s: {"receivedDateTime": t, "from": {"emailAddress": {"name": a, "address": a}},
                       "subject": s}
PAGES = {
    None: [msg("2024-05-03T10:00:00Z", "adele@contoso.com", "Quarterly report"),
           msg("2024-05-02T09:30:00Z", "alex@contoso.com", "Lunch\tplans")],
    "p2": [msg("2024-05-01T08:00:00Z", "megan@contoso.com", "Re: Budget"),
           msg("2024-04-30T17:45:12Z", "adele@contoso.com", "Über uns")],
    "p3": [msg("2024-04-29T07:00:00Z", "lee@contoso.com", "Welcome")],
}
NEXT = {None: "p2", "p2": "p3", "p3": None}
class H(http.server.BaseHTTPRequestHandler):
    def reply(self, status, body, extra=()):
        data = json.dumps(body).encode()
        self.send_response(status); self.send_header("Content-Type", "application/json")
        for k, v in extra: self.send_header(k, v)
        self.send_header("Content-Length", str(len(data))); self.end_headers(); self.wfile.write(data)
    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(url.query)
        if self.headers.get("Authorization") != "Bearer t0k":
            return self.reply(401, {"error": {"code": "InvalidAuthenticationToken", "message": "bad token"}})
        if url.path == "/v1.0/users/missing/messages":
            return self.reply(404, {"error": {"code": "ErrorInvalidUser", "message": "no such mailbox",
                                              "innerError": {"request-id": "r-404"}}}, [("request-id", "r-404")])
        if url.path == "/v1.0/users/foreign/messages":
            return self.reply(200, {"value": PAGES[None][:1],
                                    "@odata.nextLink": f"http://localhost:{port}/v1.0/me/messages?$skiptoken=p2"})
        if url.path not in ("/v1.0/me/messages", "/v1.0/users/adele%40contoso.com/messages"):
            return self.reply(404, {"error": {"code": "ResourceNotFound", "message": url.path}})
        token = q.get("$skiptoken", [None])[0]
        if token is None and (q.get("$orderby") != ["receivedDateTime desc"]
                              or q.get("$select") != ["receivedDateTime,from,subject"]):
            return self.reply(400, {"error": {"code": "BadQuery", "message": url.query}})
        body = {"@odata.context": f"{base}/$metadata#messages", "value": PAGES.get(token, [])}
        if NEXT.get(token):
            body["@odata.nextLink"] = f"{base}{url.path[len('/v1.0'):]}?$skiptoken={NEXT[token]}"
        self.reply(200, body)
    def log_message(self, *a): pass
http.server.HTTPServer(("127.0.0.1", port), H).serve_forever()
PY
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
sleep 1
run() {
  cargo run -q --manifest-path generated/Cargo.toml --no-default-features --features outlook \
    --example inbox -- --base-url "http://127.0.0.1:$port/v1.0" --token t0k "$@"
}
expected=$(printf '%s\t%s\t%s\n' \
  2024-05-03T10:00:00Z adele@contoso.com "Quarterly report" \
  2024-05-02T09:30:00Z alex@contoso.com "Lunch plans" \
  2024-05-01T08:00:00Z megan@contoso.com "Re: Budget" \
  2024-04-30T17:45:12Z adele@contoso.com "Über uns" \
  2024-04-29T07:00:00Z lee@contoso.com "Welcome")
[ "$(run)" = "$expected" ] || { echo "three pages from /me: unexpected output"; run; exit 1; }
[ "$(run --user adele@contoso.com --max 3)" = "$(head -n 3 <<<"$expected")" ] \
  || { echo "--user with --max 3: unexpected output"; exit 1; }
if run --user missing >/dev/null 2>/tmp/inbox.err; then echo "expected exit 1 on a Graph error"; exit 1; fi
grep -q "ErrorInvalidUser: no such mailbox" /tmp/inbox.err
grep -q "request-id: r-404" /tmp/inbox.err
if run --user foreign >/tmp/inbox.out 2>/tmp/inbox.err; then echo "expected exit 1 on a foreign next link"; exit 1; fi
grep -q "refusing to follow a link to http://localhost:$port" /tmp/inbox.err
[ "$(wc -l </tmp/inbox.out)" = 1 ]
echo "inbox end to end: ok"
