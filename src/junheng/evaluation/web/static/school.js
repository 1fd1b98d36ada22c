/* A school's result: score rate per dimension (radar, '-' where data is missing) and the totals of past approved
   rounds. Data: #page-data {dims: [[name, rate|null]], history: [[label, total]]}. */
junheng.ready(function () {
  var d = junheng.data();
  if (!d) return;
  junheng.chart('chart-radar', {tooltip: {},
    radar: {indicator: d.dims.map(function (x) { return {name: x[1] == null ? x[0] + '（缺数据）' : x[0], max: 100}; }), radius: '65%'},
    series: [{type: 'radar', data: [{name: '得分率', areaStyle: {opacity: 0.2},
      value: d.dims.map(function (x) { return x[1] == null ? '-' : Math.round(x[1] * 10) / 10; })}]}]});
  junheng.chart('chart-history', {tooltip: {trigger: 'axis'}, legend: {bottom: 0}, grid: {left: 40, right: 20, top: 20, bottom: 50},
    xAxis: {type: 'category', data: d.history.length ? d.history.map(function (x) { return x[0]; }) : ['（尚无审定结果）']},
    yAxis: {type: 'value', min: 0, max: 100},
    series: [{name: '局评总分', type: 'line', data: d.history.map(function (x) { return x[1]; }), label: {show: true}}]});
});
