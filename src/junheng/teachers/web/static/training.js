/* teachers training page charts. Data: #page-data (the page's chart data). */
junheng.ready(function () {
  var d = junheng.data();
  if (!d) return;
  junheng.chart('chart-hours', {tooltip:{trigger:'axis'}, grid:{left:40, right:10, top:20, bottom:30}, xAxis:{type:'category', data:d.bins, name:'学时'},
    yAxis:{type:'value', minInterval:1, name:'人'}, series:[{type:'bar', data:d.counts.map(function(v, i){return {value:v, itemStyle:{color: i == d.bins.length - 1 ? '#1e8e3e' : '#1f5f99'}};}), label:{show:true, position:'top'}}]});
  var b = junheng.chart('chart-schools');
  var s = d.schools.slice(0, 12).reverse(), r = d.rates.slice(0, 12).reverse();
  if (b) b.setOption({tooltip:{trigger:'axis', valueFormatter:function(v){return v + '%';}}, grid:{left:10, right:40, top:10, bottom:20, containLabel:true},
    xAxis:{type:'value', max:100}, yAxis:{type:'category', data:s, axisLabel:{fontSize:11}}, series:[{type:'bar', data:r.map(function(v){return {value:v, itemStyle:{color: v >= 100 ? '#1e8e3e' : '#c0392b'}};}), label:{show:true, position:'right', formatter:'{c}%'}}]});
});
