/* A round: every school's total as a horizontal bar, coloured by school category. Data: #page-data {blocks}. */
junheng.ready(function () {
  var d = junheng.data();
  if (!d) return;
  var names = [], values = [], palette = ['#1f5f99', '#d68910', '#1e8e3e', '#8e44ad', '#c0392b', '#16a085'];
  d.blocks.forEach(function (b, i) {
    b.schools.forEach(function (s, j) {
      names.push(s + '（' + b.name + '）');
      values.push({value: b.totals[j], itemStyle: {color: palette[i % palette.length]}});
    });
  });
  // reversed so the first school is on top of the category axis
  junheng.chart('chart-totals', {tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}},
    grid: {left: 10, right: 40, top: 10, bottom: 20, containLabel: true},
    xAxis: {type: 'value', min: 0, max: 100}, yAxis: {type: 'category', data: names.slice().reverse(), axisLabel: {fontSize: 11}},
    series: [{type: 'bar', barMaxWidth: 16, data: values.slice().reverse(), label: {show: true, position: 'right',
      formatter: function (p) { return p.value == null ? '缺' : p.value.toFixed(1); }}}]});
});
