/* A survey (bureau view only; schools see just the table): satisfaction per respondent group with its 95% interval
   drawn as error bars, and each school's rate against the 85% standard.
   Data: #page-data {groups, rates, low, high, schools, school_rates}. */
junheng.ready(function () {
  var d = junheng.data();
  if (!d || !document.getElementById('chart-groups')) return;
  function whisker(params, api) {
    var lo = api.coord([api.value(0), api.value(1)]), hi = api.coord([api.value(0), api.value(2)]);
    return {type: 'group', children: [
      {type: 'line', shape: {x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1]}, style: {stroke: '#222', lineWidth: 1.5}},
      {type: 'line', shape: {x1: lo[0] - 6, y1: lo[1], x2: lo[0] + 6, y2: lo[1]}, style: {stroke: '#222'}},
      {type: 'line', shape: {x1: hi[0] - 6, y1: hi[1], x2: hi[0] + 6, y2: hi[1]}, style: {stroke: '#222'}}]};
  }
  junheng.chart('chart-groups', {tooltip: {trigger: 'axis'}, grid: {left: 40, right: 20, top: 20, bottom: 30},
    xAxis: {type: 'category', data: d.groups, axisLabel: {interval: 0, fontSize: 11}}, yAxis: {type: 'value', min: 50, max: 100, name: '%'},
    series: [{type: 'bar', barMaxWidth: 40, data: d.rates, itemStyle: {color: '#1f5f99'}, label: {show: true, position: 'insideTop', color: '#fff'},
      markLine: {symbol: 'none', data: [{yAxis: 85}], lineStyle: {color: '#c0392b', type: 'dashed'}, label: {formatter: '85%'}}},
    {type: 'custom', name: '95% 区间', renderItem: whisker, z: 10,
      data: d.groups.map(function (n, i) { return [i, d.low[i], d.high[i]]; })}]});
  junheng.chart('chart-schools', {tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}},
    grid: {left: 10, right: 40, top: 24, bottom: 20, containLabel: true},
    xAxis: {type: 'value', min: 50, max: 100}, yAxis: {type: 'category', data: d.schools, axisLabel: {fontSize: 11}},
    series: [{type: 'bar', barMaxWidth: 14,
      data: d.school_rates.map(function (v) { return {value: v, itemStyle: {color: v < 85 ? '#c0392b' : '#1e8e3e'}}; }),
      markLine: {symbol: 'none', data: [{xAxis: 85}], lineStyle: {color: '#c0392b', type: 'dashed'}}}]});
});
