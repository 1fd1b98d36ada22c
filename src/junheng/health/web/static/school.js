/* health school page charts. Data: #page-data (the page's chart data). */
junheng.ready(function () {
  var d = junheng.data();
  if (!d) return;
  var items = d.items.slice().reverse();
  junheng.chart('chart-items', {tooltip:{trigger:'axis', axisPointer:{type:'shadow'}}, legend:{bottom:0}, grid:{left:10,right:40,top:10,bottom:40,containLabel:true},
    xAxis:{type:'value', max:100}, yAxis:{type:'category', data:items.map(function(i){return i.label;})},
    series:['男','女'].map(function(s){ return {name:s+'生', type:'bar', barMaxWidth:14, itemStyle:{color:s === '男' ? '#1f5f99' : '#d6618f'}, data:items.map(function(i){return i[s] === undefined ? null : i[s];})}; })});
  junheng.chart('chart-trend', {tooltip:{trigger:'axis', valueFormatter:function(v){return (v*100).toFixed(1)+'%';}}, legend:{bottom:0}, grid:{left:50,right:20,top:20,bottom:50},
    xAxis:{type:'category', data:d.trend.map(function(r){return r.year+'学年';})}, yAxis:{type:'value', max:1, axisLabel:{formatter:function(v){return v*100+'%';}}},
    series:[['及格率','pass_rate','#1e8e3e'],['优秀率','excellent_rate','#1f5f99']].map(function(x){ return {name:x[0], type:'line', symbolSize:9,
      itemStyle:{color:x[2]}, data:d.trend.map(function(r){return r[x[1]];}), label:{show:true, formatter:function(p){return (p.value*100).toFixed(1)+'%';}}}; })});
});
