/* health vision page charts. Data: #page-data (the page's chart data). */
junheng.ready(function () {
  var d = junheng.data();
  if (!d) return;
  var pct = function(v){ return v === null ? '—' : (v*100).toFixed(1)+'%'; };
  junheng.chart('chart-grades', {tooltip:{trigger:'axis', valueFormatter:pct}, legend:{bottom:0}, grid:{left:50,right:10,top:20,bottom:50},
    xAxis:{type:'category', data:d.grades.map(function(r){return r.label;}), axisLabel:{interval:0}}, yAxis:{type:'value', max:1, axisLabel:{formatter:function(v){return v*100+'%';}}},
    series:[{name:'视力不良率', type:'bar', barMaxWidth:30, data:d.grades.map(function(r){return r.poor_rate;}), itemStyle:{color:'#c0392b'}},
            {name:'筛查性近视率', type:'line', data:d.grades.map(function(r){return r.myopia_rate;}), itemStyle:{color:'#1f5f99'}}]});
  var s = d.schools.slice(0, 20).reverse();
  junheng.chart('chart-schools', {tooltip:{valueFormatter:pct}, grid:{left:10,right:50,top:10,bottom:20,containLabel:true}, xAxis:{type:'value', max:1, axisLabel:{formatter:function(v){return v*100+'%';}}},
    yAxis:{type:'category', data:s.map(function(r){return r.school_name;})},
    series:[{type:'bar', barMaxWidth:18, data:s.map(function(r){return r.poor_rate;}), itemStyle:{color:'#c0392b'}, label:{show:true, position:'right', formatter:function(p){return pct(p.value);}}}]});
});
