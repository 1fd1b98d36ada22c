/* A rubric: dimension weights (outer ring) and data vs. inspector-judged points (inner pie).
   Data: #page-data {dims: [[name, weight]], kinds: [[name, weight]]}. */
junheng.ready(function () {
  var d = junheng.data();
  if (!d) return;
  function slices(rows) { return rows.map(function (x) { return {name: x[0], value: x[1]}; }); }
  junheng.chart('chart-dims', {tooltip: {trigger: 'item', formatter: '{b}：{c} 分（{d}%）'},
    series: [{type: 'pie', radius: ['35%', '65%'], data: slices(d.dims), label: {formatter: '{b}\n{c} 分'}},
      {type: 'pie', radius: ['0%', '24%'], data: slices(d.kinds), label: {position: 'inner', fontSize: 10, formatter: '{c}'}}]});
});
