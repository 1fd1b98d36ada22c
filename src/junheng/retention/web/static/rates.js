/* 辍学率 by township for the chosen 清查. Data: #page-data (dropout.townships). */
junheng.ready(function () {
  var rows = junheng.data();
  if (!rows) return;
  junheng.chart('chart-dropout', {tooltip: {formatter: function (p) { return p.name + '：' + p.value.toFixed(2) + '%'; }},
    grid: {left: 50, right: 10, top: 20, bottom: 50},
    xAxis: {type: 'category', data: rows.map(function (r) { return r.name; }), axisLabel: {interval: 0, rotate: rows.length > 6 ? 30 : 0}},
    yAxis: {type: 'value', name: '辍学率 %'},
    series: [{type: 'bar', data: rows.map(function (r) { return +(100 * (r.dropout_rate || 0)).toFixed(3); }), itemStyle: {color: '#c0392b'}}]});
});
