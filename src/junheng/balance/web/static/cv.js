/* Coefficients of variation: one bar chart per stage, bars over the limit in red, the limit(s) dashed.
   Data: #page-data [{keys, names, values, limit, composite}] in stage order; chart i+1 is #cv-chart-<i+1>. */
junheng.ready(function () {
  var groups = junheng.data();
  if (!groups) return;
  groups.forEach(function (g, i) {
    var lines = [];
    if (g.limit !== null) lines.push({yAxis: g.limit, name: '限值', label: {formatter: '限值 ' + g.limit, position: 'insideEndTop'}});
    if (g.composite) lines.push({yAxis: g.composite.limit, name: '综合限值', label: {formatter: '综合限值 ' + g.composite.limit, position: 'insideEndTop'}});
    var top = Math.max.apply(null, g.values.concat([g.limit || 0, g.composite ? g.composite.limit : 0])) * 1.2;
    junheng.chart('cv-chart-' + (i + 1), {
      tooltip: {trigger: 'axis', formatter: function (p) { var x = p[0]; return g.keys[x.dataIndex] + ' ' + g.names[x.dataIndex] + '<br>差异系数 ' + x.value.toFixed(3); }},
      grid: {left: 48, right: 16, top: 26, bottom: 30},
      xAxis: {type: 'category', data: g.keys, axisLabel: {interval: 0}},
      yAxis: {type: 'value', name: '差异系数', max: Math.ceil(top * 10) / 10},
      series: [{type: 'bar', barMaxWidth: 38, label: {show: true, position: 'top', formatter: function (p) { return p.value.toFixed(3); }},
        data: g.values.map(function (v) { var bad = (g.limit !== null && v > g.limit); return {value: v, itemStyle: {color: bad ? '#c0392b' : '#2e86c1'}}; }),
        markLine: {symbol: 'none', lineStyle: {color: '#c0392b', type: 'dashed', width: 2}, data: lines}}]
    });
  });
});
