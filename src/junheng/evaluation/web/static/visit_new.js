/* New visit: the school select is grouped by inspector; the hidden inspector_id follows the chosen school's
   inspector (set once on load too, so the default selection is consistent). */
junheng.ready(function () {
  var select = document.querySelector('select[name=school_id]'), target = document.getElementById('inspector_id');
  if (!select || !target) return;
  function follow() {
    var option = select.selectedOptions[0];
    if (option) target.value = option.dataset.inspector;
  }
  select.addEventListener('change', follow);
  follow();
});
