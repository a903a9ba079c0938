/**
 * @module The live-update script of the pages, served as /assets/live.js: on server-sent events that
 * concern the page (from the stream all tabs share, assets/stream-js.ts), it fetches the page again and swaps in its <main>, keeps keyboard focus where it was
 * (the same element, or its replacement found by id, href or name and value), says what changed in a
 * role=status region and keeps the live dot's text alternative true. Without it every page still reads fine.
 */
export const LIVE_JS = `'use strict';
(function () {
  var kind = document.body.getAttribute('data-live');
  if (!kind || !window.uptimeStream) return;
  var wanted = { inbox: ['message', 'mailbox'], status: ['status'], events: ['event'], outages: ['event', 'status'] }[kind] || [];
  var timer = null;
  var news = [];
  var dot = document.querySelector('.live-dot');
  var region = document.getElementById('live-news');
  if (dot) dot.hidden = false;
  function connected(on) {
    document.body.classList.toggle('live', on);
    if (dot) dot.setAttribute('aria-label', on ? 'Live updates: on' : 'Live updates: off, reconnecting');
  }
  function busy() {
    return document.querySelector('main input[type=checkbox]:checked') || (document.activeElement && document.activeElement.closest && document.activeElement.closest('main form'));
  }
  function attr(name, value) { return '[' + name + '="' + CSS.escape(value) + '"]'; }
  // A selector that finds the focused element again in the new <main>.
  function focusKey(el) {
    if (!el || el === document.body || !el.closest('main')) return null;
    if (el.id) return '#' + CSS.escape(el.id);
    var tag = el.tagName.toLowerCase();
    if (el.getAttribute('href')) return tag + attr('href', el.getAttribute('href'));
    if (el.name) return tag + attr('name', el.name) + (el.value && el.type !== 'text' && el.type !== 'search' ? attr('value', el.value) : '');
    return null;
  }
  function restoreFocus(key, hadFocus) {
    if (!hadFocus) return;
    var target = key && document.querySelector('main ' + key);
    if (!target) { target = document.querySelector('main'); target.setAttribute('tabindex', '-1'); }
    target.focus({ preventScroll: true });
  }
  // The display name of a From text (at most 200 characters of it are looked at), else the text.
  function sender(from) {
    var text = from.slice(0, 200).trim();
    var lt = text.lastIndexOf('<');
    var name = lt > 0 && text.charAt(text.length - 1) === '>' ? text.slice(0, lt).trim().replace(/^"|"$/g, '') : '';
    return name || text;
  }
  function describe(type, data) {
    try { data = JSON.parse(data); } catch (e) { return 'Updated.'; }
    if (type === 'message') return 'New message' + (data.from ? ' from ' + sender(data.from) : '') + ': ' + (data.subject || '(no subject)').slice(0, 200);
    if (type === 'mailbox') return 'Messages changed: ' + (data.removed.length ? data.removed.length + ' removed' : data.updated.length + ' updated');
    if (type === 'event') return 'New event: ' + data.message;
    if (type === 'status') {
      var down = data.targets.filter(function (t) { return t.status === 'down'; }).length;
      return 'Status updated: ' + data.targets.length + ' targets, ' + down + ' down';
    }
    return 'Updated.';
  }
  function announce() {
    if (!region || news.length === 0) return;
    var shown = news.slice(-3);
    var more = news.length - shown.length;
    region.textContent = shown.join('. ') + (more > 0 ? '. And ' + more + ' more.' : '');
    news = [];
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
          var active = document.activeElement;
          var hadFocus = !!(main && active && main.contains(active));
          var key = focusKey(active);
          if (fresh && main) main.replaceWith(document.adoptNode(fresh));
          restoreFocus(key, hadFocus);
          document.title = doc.title;
          announce();
        })
        .catch(function () {});
    }, busy() ? 2000 : 150);
  }
  function onUpdate(type, data) {
    news.push(describe(type, data));
    refresh();
  }
  window.uptimeStream.listen(function (type, data) {
    if (type === 'resync') refresh(); // reconnected: changes may have been missed
    else if (wanted.indexOf(type) >= 0) onUpdate(type, data);
  }, connected);
})();
`;
