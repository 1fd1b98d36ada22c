/* The 控辍保学 dashboard: cases by status, and by township stacked by status. Data: #page-data {by_status, areas, by_area}. */
junheng.ready(function () {
  var d = junheng.data();
  if (!d) return;
  var colors = {'核查中': '#d68910', '确认辍学': '#c0392b', '劝返中': '#8e44ad', '已复学': '#1e8e3e', '已转学核实': '#1f5f99',
    '送教上门': '#16a085', '其他': '#7f8c8d'};
  var byStatus = d.by_status;
  junheng.chart('chart-status', {tooltip: {}, grid: {left: 40, right: 10, top: 20, bottom: 30},
    xAxis: {type: 'category', data: byStatus.map(function (x) { return x[0]; }), axisLabel: {interval: 0}},
    yAxis: {type: 'value', minInterval: 1, name: '件'},
    series: [{type: 'bar', barMaxWidth: 48, data: byStatus.map(function (x) { return {value: x[1], itemStyle: {color: colors[x[0]]}}; }),
      label: {show: true, position: 'top'}}]});
  var towns = d.areas, series = d.by_area;
  junheng.chart('chart-township', {tooltip: {trigger: 'axis'}, legend: {bottom: 0}, grid: {left: 40, right: 10, top: 20, bottom: 60},
    xAxis: {type: 'category', data: towns, axisLabel: {interval: 0, rotate: towns.length > 6 ? 30 : 0}},
    yAxis: {type: 'value', minInterval: 1, name: '件'},
    series: Object.keys(series).filter(function (k) { return series[k].some(function (v) { return v > 0; }); }).map(function (k) {
      return {name: k, type: 'bar', stack: 'all', barMaxWidth: 64, data: series[k], itemStyle: {color: colors[k]}};
    })});
});
