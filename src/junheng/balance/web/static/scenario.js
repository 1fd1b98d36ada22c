/* The scenario form: ＋ adds an empty change row; 清除 empties its row and recomputes (delegated from the form,
   so rows added later need no listener of their own). htmx recomputes on every change of the form. */
junheng.ready(function () {
  var form = document.getElementById('scenario-form');
  if (!form) return;
  function empty(row) {
    row.querySelectorAll('input').forEach(function (x) { x.value = ''; });
    row.querySelectorAll('select').forEach(function (x) { x.selectedIndex = 0; });
  }
  document.getElementById('add-row').addEventListener('click', function () {
    var rows = document.getElementById('change-rows'), copy = rows.lastElementChild.cloneNode(true);
    empty(copy);
    rows.appendChild(copy);
    htmx.process(copy);
  });
  form.addEventListener('click', function (e) {
    var button = e.target.closest('[data-clear-row]');
    if (!button) return;
    empty(button.closest('.change-row'));
    htmx.trigger(form, 'change');
  });
});
