/* 责任督学: visits per inspector per month (last six months), the first series carrying the monthly quota line.
   Data: #page-data {months, series: [{name, data}], quota: the highest quota}. */
junheng.ready(function () {
  var d = junheng.data();
  if (!d) return;
  junheng.chart('chart-quota', {tooltip: {trigger: 'axis'}, legend: {bottom: 0, type: 'scroll'}, grid: {left: 40, right: 20, top: 20, bottom: 50},
    xAxis: {type: 'category', data: d.months}, yAxis: {type: 'value', minInterval: 1, name: '次'},
    series: d.series.map(function (s, i) {
      var o = {name: s.name, type: 'bar', data: s.data, barMaxWidth: 14};
      if (i === 0 && d.quota) {  // one quota line for the whole chart, hung on the first series
        o.markLine = {symbol: 'none', data: [{yAxis: d.quota, name: '定额'}], lineStyle: {color: '#c0392b', type: 'dashed'}, label: {formatter: '定额 {c}'}};
      }
      return o;
    })});
});
