/* The school page: enrolment by grade (bars) and teachers by education (ring). Data: #page-data. */
junheng.ready(function () {
  var d = junheng.data();
  if (!d) return;
  junheng.chart('chart-grades', {tooltip: {}, grid: {left: 40, right: 10, top: 20, bottom: 30},
    xAxis: {type: 'category', data: d.grades.map(function (x) { return x[0]; })},
    yAxis: {type: 'value', name: '人', minInterval: 1},
    series: [{type: 'bar', data: d.grades.map(function (x) { return x[1]; }), itemStyle: {color: '#1f5f99'},
      label: {show: true, position: 'top'}}]});
  junheng.chart('chart-education', {tooltip: {trigger: 'item', formatter: '{b}：{c} 人（{d}%）'}, legend: {bottom: 0},
    series: [{type: 'pie', radius: ['40%', '68%'], data: d.education.map(function (x) { return {name: x[0], value: x[1]}; }),
      label: {formatter: '{b}\n{c} 人'}}]});
});
