/* health psych page charts. Data: #page-data (the page's chart data). */
junheng.ready(function () {
  var d = junheng.data();
  if (!d) return;
  var rows = d.by_school.slice(0, 25); if (!rows.length) return;
  junheng.chart('chart-levels', {tooltip:{trigger:'axis', axisPointer:{type:'shadow'}}, legend:{bottom:0}, grid:{left:10,right:20,top:10,bottom:40,containLabel:true},
    xAxis:{type:'value', minInterval:1}, yAxis:{type:'category', data:rows.map(function(r){return r.school_name;})},
    series:[['正常','#8c9aab'],['关注','#d68910'],['高风险','#c0392b']].map(function(x){ return {name:x[0], type:'bar', stack:'all', barMaxWidth:18,
      itemStyle:{color:x[1]}, data:rows.map(function(r){return r[x[0]];})}; })});
});
