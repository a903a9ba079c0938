/**
 * @module The form helper of the pages, served as /assets/forms.js: the inbox's select-all checkbox
 * (shown only with JavaScript) and a confirm() before Delete. Without JavaScript, Delete leads to a
 * confirmation page instead, so every form still works.
 */
export const FORMS_JS = `'use strict';
(function () {
  document.documentElement.classList.add('js');
  function boxes() { return Array.prototype.slice.call(document.querySelectorAll('main input[type=checkbox][name=ids]')); }
  function checked() { return boxes().filter(function (b) { return b.checked; }).length; }
  function sync() {
    var all = document.getElementById('select-all');
    if (!all) return;
    var n = checked();
    all.checked = n > 0 && n === boxes().length;
    all.indeterminate = n > 0 && n < boxes().length;
  }
  document.addEventListener('change', function (e) {
    var target = e.target;
    if (target.id === 'select-all') boxes().forEach(function (b) { b.checked = target.checked; });
    else if (target.name === 'ids') sync();
  });
  document.addEventListener('submit', function (e) {
    var button = e.submitter;
    var question = button && button.getAttribute('data-confirm');
    if (!question) return;
    var form = e.target;
    if (form.id === 'bulk') {
      var n = checked();
      if (n === 0) return; // nothing selected: the server changes nothing
      question = 'Delete ' + n + ' message' + (n === 1 ? '' : 's') + '?';
    }
    if (!window.confirm(question)) { e.preventDefault(); return; }
    var confirmed = document.createElement('input');
    confirmed.type = 'hidden';
    confirmed.name = 'confirm';
    confirmed.value = '1';
    form.appendChild(confirmed);
  });
})();
`;
