/**
 * @module The SharedWorker of the pages, served as /assets/stream-worker.js: one event-stream connection
 * for every open tab of the viewer (a browser allows six connections per host), its updates handed to each.
 */
export const STREAM_WORKER_JS = `'use strict';
var TYPES = ['event', 'message', 'mailbox', 'status'];
var ports = [];
var source = null;
var state = 'closed';
var connections = 0;
function post(message) { ports.forEach(function (port) { port.postMessage(message); }); }
function connect() {
  source = new EventSource('/api/events/stream');
  source.addEventListener('open', function () { state = 'open'; post({ type: 'open' }); });
  source.addEventListener('error', function () { state = 'closed'; post({ type: 'closed' }); });
  // After a reconnection the pages may have missed changes: they load themselves again.
  source.addEventListener('ready', function () { if (++connections > 1) post({ type: 'resync' }); });
  TYPES.forEach(function (type) { source.addEventListener(type, function (e) { post({ type: type, data: e.data }); }); });
}
self.addEventListener('connect', function (e) {
  var port = e.ports[0];
  ports.push(port);
  port.addEventListener('message', function (m) {
    if (m.data !== 'bye') return;
    ports.splice(ports.indexOf(port), 1);
    if (ports.length === 0 && source) { source.close(); source = null; state = 'closed'; }
  });
  port.start();
  port.postMessage({ type: state });
  if (!source) connect();
});
`;
