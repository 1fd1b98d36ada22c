/* teachers school page charts. Data: #page-data (the page's chart data). */
junheng.ready(function () {
  var d = junheng.data();
  if (!d) return;
  junheng.chart('chart-ages', {tooltip:{trigger:'axis'}, grid:{left:40, right:10, top:20, bottom:30}, xAxis:{type:'category', data:d.bands},
    yAxis:{type:'value', minInterval:1, name:'人'}, series:[{type:'bar', data:d.ages, itemStyle:{color:'#1f5f99'}, label:{show:true, position:'top'}}]});
});
