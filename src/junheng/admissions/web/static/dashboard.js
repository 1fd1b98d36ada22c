/* admissions dashboard page charts. Data: #page-data (the page's chart data). */
junheng.ready(function () {
  var d = junheng.data();
  if (!d) return;
  junheng.chart('chart-seats', {tooltip:{trigger:'axis', axisPointer:{type:'shadow'}}, legend:{bottom:0},
    grid:{left:10, right:30, top:10, bottom:40, containLabel:true},
    xAxis:{type:'value', name:'人'}, yAxis:{type:'category', data:d.schools.slice().reverse()},
    series:[{name:'学位', type:'bar', data:d.seats.slice().reverse(), itemStyle:{color:'#8c9aab'}},
            {name:'报名', type:'bar', data:d.applicants.slice().reverse(), itemStyle:{color:'#1f5f99'}},
            {name:'已录取', type:'bar', data:d.admitted.slice().reverse(), itemStyle:{color:'#1e8e3e'}}]});
  junheng.chart('chart-shares', {tooltip:{trigger:'axis', valueFormatter:function(v){return v + '%';}}, legend:{bottom:0},
    grid:{left:10, right:10, top:20, bottom:40, containLabel:true},
    xAxis:{type:'category', data:d.shares.map(function(x){return x[0];})}, yAxis:{type:'value', name:'%', max:function(v){return Math.max(10, Math.ceil(v.max));}},
    series:[['现状', 1, '#8c9aab'], ['若全部录取', 2, '#d68910'], ['分配后', 3, '#1e8e3e']].map(function(s){
      return {name:s[0], type:'bar', barMaxWidth:36, itemStyle:{color:s[2]}, label:{show:true, position:'top', formatter:'{c}%'},
        data:d.shares.map(function(x){return x[s[1]];})};})});
});
