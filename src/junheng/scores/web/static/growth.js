/* Growth: each school's median growth percentile and the county's (and one school's) percentile histogram.
   Data: #page-data {schools, own, histogram}. */
junheng.ready(function () {
  var d = junheng.data();
  if (!d) return;
  var rows = d.schools.slice().reverse(), own = d.own || '';
  junheng.chart('chart-mgp', {tooltip: {trigger: 'axis'}, grid: {left: 170, right: 40, top: 10, bottom: 30},
    xAxis: {type: 'value', min: 0, max: 100, name: '中位数'},
    yAxis: {type: 'category', data: rows.map(function (r) { return r.school; }), axisLabel: {fontSize: 11, interval: 0}},
    series: [{type: 'bar', data: rows.map(function (r) {
      return {value: r.median_sgp, itemStyle: {color: r.school_id === own ? '#d68910' : (r.median_sgp >= 50 ? '#1f5f99' : '#9fb6cd')}};
    }), markLine: {symbol: 'none', data: [{xAxis: 50}], lineStyle: {color: '#c0392b', type: 'dashed'}, label: {formatter: '50'}}}]});

  var h = d.histogram;
  function share(v) {
    var t = v.reduce(function (x, y) { return x + y; }, 0);
    return v.map(function (x) { return t ? +(100 * x / t).toFixed(1) : 0; });
  }
  var series = [{type: 'bar', name: '全县', data: share(h.county), itemStyle: {color: '#9fb6cd'}}];
  if (h.school) series.push({type: 'line', name: h.school_name, data: share(h.school), itemStyle: {color: '#c0392b'}});
  junheng.chart('chart-sgp', {tooltip: {trigger: 'axis', valueFormatter: function (v) { return v + '%'; }}, legend: {top: 0},
    grid: {left: 45, right: 15, top: 35, bottom: 35},
    xAxis: {type: 'category', data: ['1–10', '11–20', '21–30', '31–40', '41–50', '51–60', '61–70', '71–80', '81–90', '91–99'], name: '百分位'},
    yAxis: {type: 'value', name: '学生占比（%）'}, series: series});
});
