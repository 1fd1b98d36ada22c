/* Item analysis: difficulty against discrimination, flagged items in red, the sound zone shaded. Data: #page-data (items). */
junheng.ready(function () {
  var rows = junheng.data();
  if (!rows) return;
  junheng.chart('chart-items', {
    tooltip: {formatter: function (p) {
      var r = rows[p.dataIndex];
      return r.item + '<br>难度 ' + r.difficulty.toFixed(2) + '<br>区分度 ' + (r.discrimination === null ? '—' : r.discrimination.toFixed(2));
    }},
    grid: {left: 50, right: 20, top: 20, bottom: 40},
    xAxis: {type: 'value', name: '难度 P', min: 0, max: 1, nameLocation: 'middle', nameGap: 25}, yAxis: {type: 'value', name: '区分度'},
    series: [{type: 'scatter', symbolSize: 9,
      data: rows.map(function (r) { return {value: [r.difficulty, r.discrimination], itemStyle: {color: r.flag ? '#c0392b' : '#1f5f99'}}; }),
      label: {show: true, position: 'right', fontSize: 10, formatter: function (p) { return rows[p.dataIndex].item; }},
      markArea: {silent: true, itemStyle: {color: 'rgba(30,142,62,0.07)'}, data: [[{xAxis: 0.10, yAxis: 0.20}, {xAxis: 0.95, yAxis: 1}]]}}]});
});
