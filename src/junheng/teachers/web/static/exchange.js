/* teachers exchange page charts. Data: #page-data (the page's chart data). */
junheng.ready(function () {
  var d = junheng.data();
  if (!d) return;
  junheng.chart('chart-rate', {tooltip:{trigger:'axis', valueFormatter:function(v){return v + '%';}}, grid:{left:40, right:10, top:20, bottom:90},
    xAxis:{type:'category', data:d.schools, axisLabel:{rotate:50, interval:0, fontSize:10}}, yAxis:{type:'value', name:'%'},
    series:[{type:'bar', data:d.rates.map(function(v){return {value:v, itemStyle:{color: v >= d.min ? '#1e8e3e' : '#c0392b'}};}),
      markLine:{symbol:'none', data:[{yAxis:d.min, label:{formatter:'达标线 ' + d.min + '%'}}], lineStyle:{color:'#d68910', type:'dashed'}}}]});
  junheng.chart('chart-direction', {tooltip:{trigger:'item', formatter:'{b}：{c} 人（{d}%）'}, legend:{bottom:0},
    series:[{type:'pie', radius:['40%','68%'], data:d.directions.map(function(x){return {name:x[0], value:x[1]};}), label:{formatter:'{b}\n{c} 人'}}]});
});
