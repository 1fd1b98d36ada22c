/* Value added: each school's effect with its 95% interval (whiskers), own school in orange. Data: #page-data (chart). */
junheng.ready(function () {
  var c = junheng.data();
  if (!c) return;
  var data = c.names.map(function (n, i) { return [c.effect[i], i, c.low[i], c.high[i]]; });
  function interval(params, api) {
    var i = api.value(1), lo = api.coord([api.value(2), i]), hi = api.coord([api.value(3), i]);
    var colour = c.own[i] ? '#d68910' : (api.value(2) > 0 ? '#1e8e3e' : (api.value(3) < 0 ? '#c0392b' : '#7f8c9a'));
    return {type: 'group', children: [
      {type: 'line', shape: {x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1]}, style: {stroke: colour, lineWidth: 2}},
      {type: 'line', shape: {x1: lo[0], y1: lo[1] - 4, x2: lo[0], y2: lo[1] + 4}, style: {stroke: colour, lineWidth: 1}},
      {type: 'line', shape: {x1: hi[0], y1: hi[1] - 4, x2: hi[0], y2: hi[1] + 4}, style: {stroke: colour, lineWidth: 1}}]};
  }
  junheng.chart('chart-va', {
    grid: {left: 180, right: 30, top: 10, bottom: 35},
    tooltip: {trigger: 'item', formatter: function (p) {
      var i = p.value[1];
      return c.names[i] + '<br>效应 ' + c.effect[i].toFixed(2) + ' 分<br>95% 区间 ' + c.low[i].toFixed(2) + ' 至 ' + c.high[i].toFixed(2) + '<br>对应 ' + c.n[i] + ' 人';
    }},
    xAxis: {type: 'value', name: '增值效应（分）', nameLocation: 'middle', nameGap: 24},
    yAxis: {type: 'category', data: c.names, axisLabel: {fontSize: 11, interval: 0}},
    series: [{type: 'custom', renderItem: interval, data: data, encode: {x: [0, 2, 3], y: 1}, z: 1},
      {type: 'scatter', symbolSize: 7, z: 2,
        data: c.names.map(function (n, i) { return {value: [c.effect[i], i], itemStyle: {color: c.own[i] ? '#d68910' : '#1f5f99'}}; }),
        markLine: {symbol: 'none', silent: true, lineStyle: {color: '#555', type: 'solid'}, label: {show: false}, data: [{xAxis: 0}]}}]
  });
});
