/* A school's exam page: class means with the school and county means as dashed lines. Data: #page-data (view.chart). */
junheng.ready(function () {
  var c = junheng.data();
  if (!c) return;
  var lines = [];
  if (c.school_mean !== null) lines.push({yAxis: +c.school_mean.toFixed(2), name: '本校', lineStyle: {color: '#1f5f99'}, label: {formatter: '本校 {c}', position: 'insideEndTop'}});
  if (c.county_mean !== null) lines.push({yAxis: +c.county_mean.toFixed(2), name: '全县', lineStyle: {color: '#c0392b'}, label: {formatter: '全县 {c}', position: 'insideEndBottom'}});
  junheng.chart('chart-classes', {tooltip: {trigger: 'axis'}, grid: {left: 50, right: 70, top: 25, bottom: c.classes.length > 8 ? 70 : 35},
    xAxis: {type: 'category', data: c.classes, axisLabel: {rotate: c.classes.length > 8 ? 40 : 0, interval: 0}},
    yAxis: {type: 'value', name: '平均分', scale: true},
    series: [{type: 'bar', name: '班级平均分', barMaxWidth: 48,
      data: c.means.map(function (v) { return v === null ? null : +v.toFixed(2); }), itemStyle: {color: '#5b8fc7'},
      markLine: {symbol: 'none', lineStyle: {type: 'dashed'}, data: lines}}]});
});
