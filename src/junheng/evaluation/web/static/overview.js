/* Overview: the latest approved round's totals as one box plot per school category. Data: #page-data (chart). */
junheng.ready(function () {
  var d = junheng.data();
  if (!d || !d.categories) return;  // no approved round: the template shows a note instead of #chart-box
  junheng.chart('chart-box', {tooltip: {trigger: 'item'}, grid: {left: 50, right: 20, top: 20, bottom: 30},
    xAxis: {type: 'category', data: d.categories}, yAxis: {type: 'value', name: '总分', min: 0, max: 100},
    series: [{type: 'boxplot', data: d.boxes, itemStyle: {color: '#eaf2fb', borderColor: '#1f5f99'}}]});
});
