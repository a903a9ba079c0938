/**
 * @module The event-stream client of the pages, served as /assets/stream.js: every tab shares one
 * connection. A SharedWorker holds it; where there is none, the tab that holds a Web Lock holds it and
 * passes updates on over a BroadcastChannel (the next tab takes over when it closes); where neither
 * exists, each tab connects itself. Pages listen with `uptimeStream.listen(onUpdate, onState)`.
 */
export const STREAM_JS = `'use strict';
(function () {
  var TYPES = ['event', 'message', 'mailbox', 'status'];
  var listeners = [];
  var state = 'closed';
  function deliver(message) {
    if (message.type === 'open' || message.type === 'closed') state = message.type;
    listeners.forEach(function (l) {
      if (message.type === 'open' || message.type === 'closed') l.state(message.type === 'open');
      else l.update(message.type, message.data);
    });
  }
  // Calls send with each update; with 'resync' when the stream is ready again after the first time.
  function direct(send, resyncFirst) {
    var source = new EventSource('/api/events/stream');
    var connections = 0;
    source.addEventListener('ready', function () { if (++connections > 1 || resyncFirst) send({ type: 'resync' }); });
    source.addEventListener('open', function () { send({ type: 'open' }); });
    source.addEventListener('error', function () { send({ type: 'closed' }); });
    TYPES.forEach(function (type) { source.addEventListener(type, function (e) { send({ type: type, data: e.data }); }); });
  }
  function viaWorker() {
    var worker = new SharedWorker('/assets/stream-worker.js', { name: 'uptime-stream' });
    worker.port.addEventListener('message', function (e) { deliver(e.data); });
    worker.port.start();
    window.addEventListener('pagehide', function () { worker.port.postMessage('bye'); });
    return 'shared-worker';
  }
  function viaLeader() {
    var channel = new BroadcastChannel('uptime-stream');
    var leading = false;
    channel.addEventListener('message', function (e) {
      if (e.data === 'hello') { if (leading) channel.postMessage({ type: state }); return; }
      deliver(e.data);
    });
    navigator.locks.request('uptime-stream-leader', function () {
      leading = true;
      window.uptimeStream.leading = true;
      // A tab that takes over from one that went away: it and the others may have missed changes meanwhile.
      direct(function (message) {
        deliver(message);
        channel.postMessage(message);
      }, true);
      return new Promise(function () {}); // held until this tab goes away
    });
    channel.postMessage('hello'); // the leader answers with its connection state
    return 'leader';
  }
  window.uptimeStream = {
    mode: 'direct',
    leading: false,
    listen: function (update, onState) {
      listeners.push({ update: update, state: onState });
      if (state === 'open') onState(true);
    },
  };
  window.uptimeStream.mode = window.SharedWorker ? viaWorker() : window.BroadcastChannel && navigator.locks ? viaLeader() : (direct(deliver, false), 'direct');
})();
`;
