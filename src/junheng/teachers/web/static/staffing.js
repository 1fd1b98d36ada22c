/* teachers staffing page charts. Data: #page-data (the page's chart data). */
junheng.ready(function () {
  var d = junheng.data();
  if (!d) return;
  junheng.chart('chart-subjects', {tooltip:{trigger:'axis'}, grid:{left:40, right:10, top:20, bottom:30}, xAxis:{type:'category', data:d.subjects},
    yAxis:{type:'value', minInterval:1, name:'人'}, series:[{type:'bar', data:d.short, itemStyle:{color:'#c0392b'}, label:{show:true, position:'top'}}]});
  junheng.chart('chart-ages', {tooltip:{trigger:'item', formatter:'{b}：{c} 人（{d}%）'}, legend:{bottom:0},
    series:[{type:'pie', radius:['40%','68%'], data:d.bands.map(function(x, i){return {name:x, value:d.ages[i]};}), label:{formatter:'{b}\n{c} 人'}}]});
});
