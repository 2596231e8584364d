// Preloaded into the server process (scripts/start.mjs, through NODE_OPTIONS), before Next.js sees
// a request:
// - every HTTP request gets the address of the socket it came on in `x-tenantflow-peer`, replacing
//   any value the client sent. Next.js does not hand the socket to route handlers; sign-in
//   throttling needs it to know the client, and to believe X-Forwarded-For only from configured
//   proxies.
// - a request whose path holds a `.` or `..` segment (raw, or escaped as %2E) is refused with 400.
//   Browsers and URL clients resolve such segments before sending; Next.js would resolve them and
//   answer 308 to the result, and a 308 keeps the method, so `DELETE …/files/%2E%2E` followed as a
//   redirect would become a DELETE of the namespace. Nothing legitimate sends one.
const http = require("node:http");

/** True when the request target's path has a segment that is `.` or `..`, escaped or not. */
function hasDotSegment(url) {
  const path = String(url ?? "").split(/[?#]/, 1)[0];
  return path.split(/\/|%2f|%5c|\\/i).some((segment) => {
    const s = segment.replace(/%2e/gi, ".");
    return s === "." || s === "..";
  });
}

const BODY = JSON.stringify({
  error: { code: "BAD_REQUEST", message: "The URL has a . or .. path segment", details: [] },
});

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req, ...rest) {
  if (event === "request" && req && req.headers) {
    req.headers["x-tenantflow-peer"] = req.socket?.remoteAddress ?? "";
    const res = rest[0];
    if (res && hasDotSegment(req.url)) {
      res.writeHead(400, { "content-type": "application/json", "content-length": Buffer.byteLength(BODY), connection: "close" });
      res.end(BODY);
      req.resume(); // a body sent along is read and dropped
      return true;
    }
  }
  return emit.call(this, event, req, ...rest);
};

module.exports = { hasDotSegment };
