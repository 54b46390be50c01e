#!/usr/bin/env bash
# End to end: the send_draft app (built with the mail area only) against a local Graph stand-in.
set -euo pipefail
cd "$(dirname "$0")/.."
port=18089
python3 - "$port" <<'PY' &
import http.server, json, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        ok = (self.path in ("/v1.0/me/messages/draft%201/send",
                            "/v1.0/users/adele%40contoso.com/messages/m1/send")
              and self.headers.get("Authorization") == "Bearer t0k"
              and self.headers.get("Content-Length") == "0")
        if ok:
            self.send_response(202); self.send_header("Content-Length", "0"); self.end_headers()
            return
        body = json.dumps({"error": {"code": "ErrorItemNotFound", "message": "not found",
                                     "innerError": {"request-id": "r-123"}}}).encode()
        self.send_response(404); self.send_header("Content-Type", "application/json")
        self.send_header("request-id", "r-123"); self.send_header("Content-Length", str(len(body)))
        self.end_headers(); self.wfile.write(body)
    def log_message(self, *a): pass
server = http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H)
server.timeout = 30
for _ in range(3):
    server.handle_request()
PY
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
sleep 1
run() {
  cargo run -q --manifest-path generated/Cargo.toml --no-default-features --features outlook \
    --example send_draft -- --base-url "http://127.0.0.1:$port/v1.0" --token t0k "$@"
}
[ "$(run 'draft 1')" = sent ]
[ "$(run --user adele@contoso.com m1)" = sent ]
if run missing 2>/tmp/send-draft.err; then echo "expected exit 1"; exit 1; fi
grep -q "ErrorItemNotFound: not found" /tmp/send-draft.err
grep -q "request-id: r-123" /tmp/send-draft.err
echo "send_draft end to end: ok"
