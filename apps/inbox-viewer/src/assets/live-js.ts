/**
 * @module The one script of the pages, served as /assets/live.js: on server-sent events that concern
 * the page, it fetches the page again and swaps in its <main>. Without it every page still reads fine.
 */
export const LIVE_JS = `'use strict';
(function () {
  var kind = document.body.getAttribute('data-live');
  if (!kind || !window.EventSource) return;
  var wanted = { inbox: ['message', 'mailbox'], status: ['status'], events: ['event'], outages: ['event', 'status'] }[kind] || [];
  var timer = null;
  function busy() {
    return document.querySelector('main input[type=checkbox]:checked') || (document.activeElement && document.activeElement.closest && document.activeElement.closest('main form'));
  }
  function refresh() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (busy()) return refresh();
      fetch(location.href, { credentials: 'same-origin', headers: { 'X-Requested-With': 'live' } })
        .then(function (res) { return res.ok ? res.text() : null; })
        .then(function (text) {
          if (!text) return;
          var doc = new DOMParser().parseFromString(text, 'text/html');
          var fresh = doc.querySelector('main');
          var main = document.querySelector('main');
          if (fresh && main) main.replaceWith(document.adoptNode(fresh));
          document.title = doc.title;
        })
        .catch(function () {});
    }, busy() ? 2000 : 150);
  }
  var source = new EventSource('/api/events/stream');
  source.addEventListener('open', function () { document.body.classList.add('live'); });
  source.addEventListener('error', function () { document.body.classList.remove('live'); });
  wanted.forEach(function (type) { source.addEventListener(type, refresh); });
})();
`;
