/* A school's page: per stage, each indicator's share of its requirement over the years (100% is the line).
   Data: #page-data {stage: {years, series: {key: [{value, ratio}]}}}; chart i+1 is #hist-<i+1>. */
junheng.ready(function () {
  var hist = junheng.data();
  if (!hist) return;
  Object.keys(hist).forEach(function (stage, i) {
    var h = hist[stage];
    var series = Object.keys(h.series).map(function (k) {
      return {name: k, type: 'line', smooth: false, symbolSize: 7, data: h.series[k].map(function (p) { return p.ratio; })};
    });
    if (series.length) series[0].markLine = {symbol: 'none', silent: true, lineStyle: {color: '#c0392b', type: 'dashed'}, data: [{yAxis: 100, label: {formatter: '达标线', position: 'insideEndTop'}}]};
    junheng.chart('hist-' + (i + 1), {tooltip: {trigger: 'axis', valueFormatter: function (v) { return v === null ? '—' : v + '%'; }}, legend: {top: 0},
      grid: {left: 46, right: 18, top: 36, bottom: 26}, xAxis: {type: 'category', data: h.years.map(String)},
      yAxis: {type: 'value', name: '%', min: function (v) { return Math.max(0, Math.floor(v.min / 20) * 20 - 20); }}, series: series});
  });
});
