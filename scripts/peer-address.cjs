// Preloaded into the server process (scripts/start.mjs, through NODE_OPTIONS): every HTTP request
// gets the address of the socket it came on in `x-tenantflow-peer`, replacing any value the
// client sent. Next.js does not hand the socket to route handlers; sign-in throttling needs it to
// know the client, and to believe X-Forwarded-For only from configured proxies.
const http = require("node:http");

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req, ...rest) {
  if (event === "request" && req && req.headers) {
    req.headers["x-tenantflow-peer"] = req.socket?.remoteAddress ?? "";
  }
  return emit.call(this, event, req, ...rest);
};
