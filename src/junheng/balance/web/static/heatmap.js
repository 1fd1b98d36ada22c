/* The heat map: clicking a header sorts the rows by that column (numbers by their data-v value), again reverses. */
junheng.ready(function () {
  var table = document.getElementById('heat');
  if (!table) return;
  var heads = table.querySelectorAll('th.sortable');
  heads.forEach(function (th, idx) {
    th.addEventListener('click', function () {
      var asc = !th.classList.contains('sorted-asc');
      heads.forEach(function (h) { h.classList.remove('sorted-asc', 'sorted-desc'); });
      th.classList.add(asc ? 'sorted-asc' : 'sorted-desc');
      var num = th.dataset.type === 'num', body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows).filter(function (r) { return r.cells.length > 1; });
      rows.sort(function (a, b) {
        var x = a.cells[idx].dataset.v, y = b.cells[idx].dataset.v;
        if (num) { x = parseFloat(x); y = parseFloat(y); return asc ? x - y : y - x; }
        return asc ? x.localeCompare(y, 'zh-CN') : y.localeCompare(x, 'zh-CN');
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
