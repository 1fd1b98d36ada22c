/* Behaviours every page shares, declared in markup instead of inline handlers (the CSP allows no inline script):
   <form data-confirm="确定…？">        asks before submitting
   <select data-autosubmit>             submits its form when changed (also inputs, checkboxes)
   junheng.data('page-data')            the JSON of <script type="application/json" id="page-data">
   junheng.chart('el-id', option)       an ECharts chart, resized with the window; null when the element is absent
   junheng.ready(fn)                    fn() once the page is parsed
   junheng.onSwap(fn)                   fn(target) after each htmx swap (for charts inside swapped fragments)     */
(function () {
  'use strict';
  var charts = [];
  window.junheng = {
    data: function (id) {
      var el = document.getElementById(id || 'page-data');
      return el ? JSON.parse(el.textContent) : null;
    },
    chart: function (id, option) {
      var el = typeof id === 'string' ? document.getElementById(id) : id;
      if (!el) return null;
      var c = echarts.getInstanceByDom(el) || echarts.init(el);
      if (option) c.setOption(option);
      if (charts.indexOf(c) < 0) charts.push(c);
      return c;
    },
    ready: function (fn) {
      if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn);
      else fn();
    },
    onSwap: function (fn) {
      document.addEventListener('htmx:afterSettle', function (e) { fn(e.target); });
    }
  };
  window.addEventListener('resize', function () {
    charts = charts.filter(function (c) { return !c.isDisposed(); });
    charts.forEach(function (c) { c.resize(); });
  });
  document.addEventListener('submit', function (e) {
    var message = e.target.getAttribute && e.target.getAttribute('data-confirm');
    if (message && !window.confirm(message)) { e.preventDefault(); e.stopImmediatePropagation(); }
  }, true);
  document.addEventListener('change', function (e) {
    var el = e.target;
    if (el.hasAttribute && el.hasAttribute('data-autosubmit') && el.form) el.form.submit();
  });
}());
